package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// carried says what a stage output may hold: text an outsider chooses, and whether that
// text is only branch, tag and ref names.
type carried struct{ untrusted, refOnly bool }

// outputCarried is what the stage output r reads (stage.NAME.outputs.KEY) may hold: a
// step of the stage that writes KEY=${ci.branch} (or another untrusted value) to
// $PIPEC_OUTPUT hands the value on to every stage that reads the output. The outputs of
// all stages are derived once per run, from the scripts alone: one pass over the spec.
func outputCarried(p *Pass, r *expr.Ref) carried {
	if r.Root() != "stage" || len(r.Path) != 4 || r.Path[2] != "outputs" {
		return carried{}
	}
	f := p.facts
	if f == nil {
		f = &facts{}
		p.facts = f
	}
	if f.outputs == nil {
		f.outputs = map[string]carried{}
		for _, s := range p.Pipeline.Stages {
			if len(s.Outputs) > 0 {
				stageOutputs(p, s, f.outputs)
			}
		}
	}
	return f.outputs[r.Path[1]+"."+r.Path[3]]
}

// stageOutputs records, for each output of s, whether a step writes an untrusted value
// to it: a script that names PIPEC_OUTPUT and has KEY= right before the reference
// (echo "KEY=${ci.branch}" >> "$PIPEC_OUTPUT"). A branch name of a stage that runs only
// for refs the spec names is the spec's.
func stageOutputs(p *Pass, s *model.Stage, out map[string]carried) {
	var keys []string
	for _, o := range s.Outputs {
		keys = append(keys, o.Value)
	}
	for _, st := range stageSteps(s) {
		parts := st.Run.Parts
		if !strings.Contains(st.Run.Literal(), "PIPEC_OUTPUT") {
			continue
		}
		for i := 1; i < len(parts); i++ {
			r := parts[i].Ref
			if r == nil || !untrustedValue(p.Pipeline, r) || isRefName(r) && refPinned(p, s) {
				continue
			}
			key := assignedKey(parts[i-1].Lit)
			if key == "" || !slices.Contains(keys, key) {
				continue
			}
			k := s.Name + "." + key
			c, seen := out[k]
			out[k] = carried{untrusted: true, refOnly: (!seen || c.refOnly) && isRefName(r)}
		}
	}
}

// assignedKey is the NAME of a literal that ends in NAME= (after an opening quote), or "".
func assignedKey(lit string) string {
	lit = strings.TrimRight(lit, `"'`)
	if !strings.HasSuffix(lit, "=") {
		return ""
	}
	lit = lit[:len(lit)-1]
	i := len(lit)
	for i > 0 && (isWordByte(lit[i-1])) {
		i--
	}
	return lit[i:]
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
