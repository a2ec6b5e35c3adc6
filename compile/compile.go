package compile

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// Compile checks p and lowers it into a plan. source is the spec's file name, used in
// generated headers. The plan is nil when the spec has errors; the diagnostics list every
// problem found.
func Compile(p *model.Pipeline, source string) (*Plan, diag.Diagnostics) {
	return CompileWith(p, Options{Source: source})
}

// CompileWith is Compile with every option: the headers of the generated files name
// opts.Source and carry opts.Digest.
func CompileWith(p *model.Pipeline, opts Options) (*Plan, diag.Diagnostics) {
	var diags diag.Diagnostics
	c := newChecker(p)
	c.check()
	diags.Append(c.diags)
	// A misspelled name is an error of the front end's, and the check leaves out what
	// it makes absent (a canary's increments, a stage's steps): such a model is not
	// whole enough to lower.
	if diags.HasErrors() || len(p.Misspelled) > 0 {
		diags.Sort()
		return nil, diags
	}
	plan, lds := lower(p, c)
	plan.Source, plan.Digest = opts.Source, opts.Digest
	diags.Append(lds)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags
	}
	return plan, diags
}
