//go:build unix

package main

import (
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C while generate writes its files leaves the repository as it was: no temporary
// file (.NAME.yml.pipec-*) beside the outputs, no output renamed into place, and exit
// 130, as a shell reports a process that Ctrl-C ended.
func TestGenerateInterruptedWritesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "pipeline.hcl", helloSpec)
	var once sync.Once
	afterTemp = func() {
		once.Do(func() {
			if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
				t.Error(err)
			}
			time.Sleep(100 * time.Millisecond) // the signal is delivered asynchronously
		})
	}
	defer func() { afterTemp = nil }()
	r := pipec(t, "generate")
	if r.code != exitInterrupted || !strings.Contains(r.stderr, "pipec: interrupted: nothing was written") {
		t.Errorf("want exit %d and a line saying nothing was written, got %v", exitInterrupted, r)
	}
	if got := files(t, dir); !slices.Equal(got, []string{"pipeline.hcl"}) {
		t.Errorf("an interrupted generate left %q", got)
	}
	// Without an interrupt the next run writes every file.
	afterTemp = nil
	if r := pipec(t, "generate", "-q"); r.code != exitOK || len(files(t, dir)) != 5 {
		t.Errorf("want the four files written, got %v and %q", r, files(t, dir))
	}
}
