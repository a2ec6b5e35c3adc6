package main

import (
	"os"
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
	})
}
