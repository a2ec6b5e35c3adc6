package compile

import (
	"maps"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/internal/par"
)

// parallelStages is the number of stages from which they are checked on every core:
// below it, the goroutines cost more than they save. At 10,000 stages checking them took
// a tenth of a second with one core busy. (A variable for the test that checks every
// stage both ways.)
var parallelStages = 256

// stagesPerCheck is how many stages one copy of the checker checks, in order.
const stagesPerCheck = 64

// checkStages checks every stage. A stage's check only reads what declare recorded and
// writes diagnostics and the secrets its steps use, so a large pipeline's stages are
// checked in runs on every core, each by a copy of the checker with its own diagnostics
// and secret uses, which are then added in the stages' order: the result is that of
// checking them one after another.
func (c *checker) checkStages(stages []*model.Stage) {
	if len(stages) < parallelStages {
		for _, s := range stages {
			c.checkStage(s)
		}
		return
	}
	type result struct {
		diags diag.Diagnostics
		uses  map[*model.Step][]*model.Secret
	}
	out := make([]result, (len(stages)+stagesPerCheck-1)/stagesPerCheck)
	par.Guarded(len(out), 0, func(k int) {
		f := *c
		f.diags, f.secretUse = nil, map[*model.Step][]*model.Secret{}
		for _, s := range stages[k*stagesPerCheck : min((k+1)*stagesPerCheck, len(stages))] {
			f.checkStage(s)
		}
		out[k] = result{f.diags, f.secretUse}
	})
	for _, r := range out {
		c.diags = append(c.diags, r.diags...)
		maps.Copy(c.secretUse, r.uses) // a step belongs to one stage: no key is in two
	}
}
