package azure

import (
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
)

// Target emits Azure Pipelines YAML.
type Target struct{}

// Name implements targets.Target.
func (Target) Name() string { return "azure" }

// OutputPath implements targets.Target.
func (Target) OutputPath(*compile.Plan) string { return "azure-pipelines.yml" }

// Emit implements targets.Target.
func (Target) Emit(p *compile.Plan) ([]byte, diag.Diagnostics) {
	return newEmitter(p).emit()
}
