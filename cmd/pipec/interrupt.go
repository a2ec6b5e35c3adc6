package main

import (
	"errors"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// errInterrupted is what a write returns when Ctrl-C or SIGTERM arrived while it wrote
// its temporary files: it removed them, and wrote nothing.
var errInterrupted = errors.New("interrupted: nothing was written")

// exitInterrupted is the exit code after an interrupt, as a shell reports a process that
// SIGINT ended (128+2), so a script or hook sees that it did not finish.
const exitInterrupted = 130

// afterTemp, when set (by tests), runs after each temporary file is written.
var afterTemp func()

// interrupt holds off Ctrl-C and SIGTERM while files are being written: without it the
// process would die with temporary files (.NAME.yml.pipec-*) left beside the outputs, or
// with some outputs renamed into place and others not. The writer asks caught() between
// steps and cleans up itself.
type interrupt struct {
	ch  chan os.Signal
	got atomic.Bool
	end chan struct{}
}

// catchInterrupt starts holding off the signals until stop.
func catchInterrupt() *interrupt {
	in := &interrupt{ch: make(chan os.Signal, 1), end: make(chan struct{})}
	signal.Notify(in.ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-in.ch:
			in.got.Store(true)
		case <-in.end:
		}
	}()
	return in
}

// caught reports whether a signal has arrived.
func (in *interrupt) caught() bool { return in.got.Load() }

// stop gives the signals back their usual effect.
func (in *interrupt) stop() {
	signal.Stop(in.ch)
	close(in.end)
}
