//go:build !unix

package pipec_test

import (
	"os/exec"
	"time"
)

// killGroup bounds the wait for a cancelled command's output (the oracles need a Unix
// shell; there they also kill the command's children).
func killGroup(cmd *exec.Cmd) {
	cmd.WaitDelay = 10 * time.Second
}

// cpuTime is unknown here: the benchmarks report no CPU time.
func cpuTime() time.Duration { return -1 }
