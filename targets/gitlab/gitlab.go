package gitlab

import (
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
)

// Target emits GitLab CI configuration.
type Target struct{}

// Name implements targets.Target.
func (Target) Name() string { return "gitlab" }

// OutputPath implements targets.Target.
func (Target) OutputPath(*compile.Plan) string { return ".gitlab-ci.yml" }

// Emit implements targets.Target.
func (Target) Emit(p *compile.Plan) ([]byte, diag.Diagnostics) {
	return newEmitter(p).emit()
}
