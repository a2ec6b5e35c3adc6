package targets

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
)

// Reserved is a family of variable names a platform keeps for itself: the names
// starting with Prefix, or the name Exact. Why says so in the platform's words, for
// the diagnostic.
type Reserved struct {
	Prefix string
	Exact  string
	Why    string
}

// ReservedRule is the rule among rules that reserves the variable name (compared in
// upper case, as every platform's secret stores and Windows compare them), or nil.
func ReservedRule(name string, rules []Reserved) *Reserved {
	up := strings.ToUpper(name)
	for i := range rules {
		r := &rules[i]
		if (r.Exact != "" && up == r.Exact) || (r.Prefix != "" && strings.HasPrefix(up, r.Prefix)) {
			return r
		}
	}
	return nil
}

// ReservedEnv calls report for each env variable of p (pipeline, stage and step env;
// see SpecEnv) whose name one of rules reserves, in spec order.
func ReservedEnv(p *model.Pipeline, rules []Reserved, report func(v *model.EnvVar, r *Reserved)) {
	for _, v := range SpecEnv(p) {
		if r := ReservedRule(v.Name, rules); r != nil {
			report(v, r)
		}
	}
}

// ReservedSecrets calls report for each secret of p whose variable name (its name in
// upper case, as every target reads it) one of rules reserves, in spec order.
func ReservedSecrets(p *model.Pipeline, rules []Reserved, report func(s *model.Secret, name string, r *Reserved)) {
	for _, s := range p.Secrets {
		name := EnvName(s.Name)
		if r := ReservedRule(name, rules); r != nil {
			report(s, name, r)
		}
	}
}

// SpecEnv lists the env variables that reach a job's scripts as written in the spec:
// the pipeline's, then each stage's and its steps' (verify, switch and rollback steps
// too), in spec order. Services' env is left out: it belongs to another container.
func SpecEnv(p *model.Pipeline) []*model.EnvVar {
	out := append([]*model.EnvVar{}, p.Env...)
	for _, s := range p.Stages {
		out = append(out, s.Env...)
		for _, st := range stageSteps(s) {
			out = append(out, st.Env...)
		}
	}
	return out
}

// stageSteps is every step of s: its own, then verify, switch and rollback.
func stageSteps(s *model.Stage) []*model.Step {
	out := append([]*model.Step{}, s.Steps...)
	for _, g := range []*model.StepGroup{s.Verify, s.Switch, s.Rollback} {
		if g != nil {
			out = append(out, g.Steps...)
		}
	}
	return out
}
