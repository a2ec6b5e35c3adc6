// Package par owns how pipec spreads work over the cores: Do runs a function over the
// indices of a slice on a bounded number of goroutines, and Guarded does the same for
// work whose panics are bugs, raising a panic again on the caller's goroutine. pipec
// generate and lint compile their specs with it, the HCL front end parses a large spec's
// chunks with it, lang/build reads a large pipeline's stages and compile checks them with
// it, the back ends of one plan emit with it, lint runs actionlint beside its other rules
// with it, and pipec generate writes its files with it; each caller decides what a
// failure means for its work.
package par
