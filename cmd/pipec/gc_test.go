package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestTuneGC: a small spec raises GOGC for the run a lot, a large one less; a GOGC the
// user set keeps the collector as it was; and without main's switch (the tests) nothing
// changes.
func TestTuneGC(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.hcl")
	large := filepath.Join(dir, "large.hcl")
	if err := os.WriteFile(small, []byte("pipeline \"p\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(large, []byte(strings.Repeat("# padding\n", largeSpecBytes/10+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	percentAfter := func(on bool, specs ...string) int {
		tuneGCOn = on
		defer func() { tuneGCOn = false }()
		debug.SetGCPercent(100)
		tuneGC(specs)
		return debug.SetGCPercent(100)
	}
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	if got := percentAfter(true, small); got != shortRunGCPercent {
		t.Errorf("small spec: GOGC %d, want %d", got, shortRunGCPercent)
	}
	if got := percentAfter(true, small, large); got != largeRunGCPercent {
		t.Errorf("large spec: GOGC %d, want %d", got, largeRunGCPercent)
	}
	if got := percentAfter(false, small); got != 100 {
		t.Errorf("not from main: GOGC %d, want it untouched", got)
	}
	t.Setenv("GOGC", "100")
	if got := percentAfter(true, small); got != 100 {
		t.Errorf("GOGC set by the user: %d, want it untouched", got)
	}
}
