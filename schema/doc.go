// Package schema owns the shape of the pipec language: which blocks a body may hold, with
// how many labels, and which attributes, of which types, are required. It is the one
// source of truth for that shape: the HCL front end checks specs against it (unknown
// names, "did you mean", required attributes, repeated blocks), and the JSON Schema and
// CUE schema that editors use are generated from it (gen.go) and embedded.
//
// It says nothing about meaning (which runner classes exist, how references resolve):
// that is the compiler's. It imports nothing of pipec.
package schema
