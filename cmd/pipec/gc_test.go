package main

import (
	"os"
	"runtime/debug"
	"testing"
)

// TestTuneGC: a run raises GOGC; a GOGC the user set keeps the collector as it was; and
// without main's switch (the tests) nothing changes.
func TestTuneGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	percentAfter := func(on bool) int {
		tuneGCOn = on
		defer func() { tuneGCOn = false }()
		debug.SetGCPercent(100)
		tuneGC()
		return debug.SetGCPercent(100)
	}
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	if got := percentAfter(true); got != runGCPercent {
		t.Errorf("GOGC %d, want %d", got, runGCPercent)
	}
	if got := percentAfter(false); got != 100 {
		t.Errorf("not from main: GOGC %d, want it untouched", got)
	}
	t.Setenv("GOGC", "100")
	if got := percentAfter(true); got != 100 {
		t.Errorf("GOGC set by the user: %d, want it untouched", got)
	}
}
