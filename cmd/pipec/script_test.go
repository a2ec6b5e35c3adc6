package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary stand in for the pipec command, so the scripts under
// testdata/script run the real command as a process: arguments, exit code, files.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"pipec": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the end-to-end scripts in testdata/script/*.txtar: each one is a
// user's session (files, commands, expected output and exit codes) in its own
// temporary directory.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"exitcode": exitcode},
	})
}

// exitcode N PROGRAM [ARGS...] runs PROGRAM like exec and fails unless it exits with
// status N, so a script can tell exit 1 (a spec error, a stale file) from exit 2 (a usage
// or I/O error), which `! exec` cannot.
func exitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("exitcode does not take !: give the status expected")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}
