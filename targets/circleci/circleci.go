package circleci

import (
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
)

// Target emits CircleCI configuration (version 2.1).
type Target struct{}

// Name implements targets.Target.
func (Target) Name() string { return "circleci" }

// OutputPath implements targets.Target.
func (Target) OutputPath(*compile.Plan) string { return ".circleci/config.yml" }

// Emit implements targets.Target.
func (Target) Emit(p *compile.Plan) ([]byte, diag.Diagnostics) {
	return newEmitter(p).emit()
}
