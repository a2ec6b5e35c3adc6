package github

import (
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
)

// Target emits GitHub Actions workflows.
type Target struct{}

// Name implements targets.Target.
func (Target) Name() string { return "github" }

// OutputPath implements targets.Target.
func (Target) OutputPath(p *compile.Plan) string {
	return ".github/workflows/" + p.Pipeline.Name + ".yml"
}

// Emit implements targets.Target.
func (Target) Emit(p *compile.Plan) ([]byte, diag.Diagnostics) {
	e := newEmitter(p)
	return e.emit()
}
