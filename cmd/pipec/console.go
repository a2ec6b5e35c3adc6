package main

import (
	"io"
	"os"
	"slices"
)

// console is what the command writes to and what decides how: the two streams, the
// environment (NO_COLOR, TERM) and whether a stream is a terminal. run fills it from the
// process; tests fill it with buffers and a terminal of their choosing.
type console struct {
	stdin          io.Reader // nil reads as empty
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     func(io.Writer) bool
	// workers is how many specs are compiled at once; 0 means GOMAXPROCS. Tests set 1
	// to compare a parallel run with a sequential one.
	workers int
}

func processConsole(stdout, stderr io.Writer) console {
	return console{stdin: os.Stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, isTerminal: fileIsTerminal}
}

// fileIsTerminal reports whether w is a character device, which a terminal is. (So is
// /dev/null, where colour codes do no harm.) The standard library has no isatty, and
// the check is good enough to pick a default that --color overrides.
func fileIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

var colorModes = []string{"auto", "always", "never"}

// useColor decides whether to colour what goes to w: always and never say so; auto
// colours a terminal, unless NO_COLOR is set to anything but "" (no-color.org) or TERM is
// "dumb". The flag wins over NO_COLOR, as that convention asks.
func (c console) useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if c.getenv("NO_COLOR") != "" || c.getenv("TERM") == "dumb" {
		return false
	}
	return c.isTerminal(w)
}

// outputFlags are the flags generate and lint share for how much they say and in colour.
type outputFlags struct {
	quiet, verbose bool
	color          string
}

// checkOutputFlags returns a usage message, or "".
func checkOutputFlags(o outputFlags) string {
	if o.quiet && o.verbose {
		return "--quiet and --verbose cannot be used together"
	}
	if !slices.Contains(colorModes, o.color) {
		return valueError("--color", o.color, colorModes)
	}
	return ""
}
