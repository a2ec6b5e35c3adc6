package main

import (
	"os"
	"runtime/debug"
)

// Garbage collection for a short run. A run on a typical spec allocates a few MiB and
// exits; with Go's default (GOGC=100, a first collection at 4 MiB of heap) the collector
// runs once or twice on the way, about a tenth of the run's CPU. At 400 a run that small
// never collects. Large specs collect at the same setting: at 10,000 stages (3.3 MiB) a
// run at 400 took 0.85 times the CPU of one at 200 and 515 MiB at its peak, less than it
// took at 200 before the YAML writer stopped doubling its buffer. (A 4 MiB file built to
// be costly, a list of a million empty lists, peaks at 2.1 GB here against 1.7 GB at
// 200: its syntax tree is live throughout.) A GOGC the user sets always wins.
const runGCPercent = 400

// tuneGCOn is set by main: the tests run commands in their own process, whose collector
// is theirs.
var tuneGCOn = false

// tuneGC sets the collector for the run.
func tuneGC() {
	if !tuneGCOn {
		return
	}
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	debug.SetGCPercent(runGCPercent)
}
