package targets

import (
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
)

// Target lowers a plan into one platform's YAML.
type Target interface {
	// Name is the --target value: "github", "gitlab", "circleci" or "azure".
	Name() string
	// OutputPath is where the file goes, slash-separated and relative to the output
	// directory: ".github/workflows/shop-api.yml".
	OutputPath(p *compile.Plan) string
	// Emit renders the plan. A part of the spec the platform cannot express is an error
	// diagnostic with Target set and the spec's range; output is nil when errors occurred.
	Emit(p *compile.Plan) ([]byte, diag.Diagnostics)
}
