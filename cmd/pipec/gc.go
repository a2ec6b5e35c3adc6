package main

import (
	"os"
	"runtime/debug"
)

// Garbage collection for a short run. A run on a typical spec allocates a few MiB and
// exits; with Go's default (GOGC=100, a first collection at 4 MiB of heap) the collector
// runs once or twice on the way, about a tenth of the run's CPU. At 400 a run that small
// never collects. A large spec runs at 200: at 10,000 stages that took 0.87 times the
// time of 100 for 1.15 times the memory (about 510 -> 580 MiB), where 400 took 0.8 times
// for 1.4 times. A GOGC the user sets always wins.
const (
	shortRunGCPercent = 400
	largeRunGCPercent = 200
	largeSpecBytes    = 1 << 20 // the specs' total size above which largeRunGCPercent applies
)

// tuneGC is set by main: the tests run commands in their own process, whose collector
// is theirs.
var tuneGCOn = false

// tuneGC sets the collector for the specs about to be read.
func tuneGC(specs []string) {
	if !tuneGCOn {
		return
	}
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	var total int64
	for _, s := range specs {
		if st, err := os.Stat(s); err == nil {
			total += st.Size()
		}
	}
	if total <= largeSpecBytes {
		debug.SetGCPercent(shortRunGCPercent)
	} else {
		debug.SetGCPercent(largeRunGCPercent)
	}
}
