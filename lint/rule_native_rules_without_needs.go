package lint

import (
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleNativeRulesWithoutNeeds = &Rule{
	ID:        "native-rules-without-needs",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "native \"gitlab\" rules can put a job in a pipeline without a job it needs",
	Rationale: "pipec gives each GitLab job a rule that holds the conditions of the jobs it needs, so a job never exists without them: GitLab refuses to create a pipeline in which a job needs one that its rules left out (\"job needs ... but ... is not in any previous stage\"), and every run of that commit and event fails before a job starts. Native \"gitlab\" rules replace pipec's rule for a stage's jobs, and nothing ties them to the stages around it: rules that admit a run in which a stage the stage needs is left out (by its when, or by native rules of its own), or native rules on a needed stage that leave it out of a run in which the stage needing it is added, break the pipeline in those runs. It is reported at the native rules, in the runs pipec can tell from the pipeline's triggers.",
	Fix:       "give the native rules the conditions of the stages the stage needs (GitLab takes the first rule that matches: put `when: never` rules first), or write the condition as the stage's when, which pipec joins with those of the stages it needs",
	check: func(p *Pass) {
		if !anyGitLabRules(p) {
			return
		}
		reported := map[[2]*model.Stage]bool{}
		for _, sc := range scenarios(p.Pipeline) {
			there := gitlabPresence(p, sc)
			for _, j := range p.Plan.Jobs {
				if j.OnFailure || nativeKey(p, j.Stage, "gitlab", "needs") != nil {
					continue // a rollback job's needs failed; native needs are the user's own
				}
				for _, n := range j.Needs {
					pair := [2]*model.Stage{j.Stage, n.Stage}
					if n.Stage == j.Stage || reported[pair] || !orphaned(there[j], there[n]) {
						continue
					}
					at := j.Stage
					if _, ok := gitlabRules(p, at); !ok {
						at = n.Stage // the needed stage's own rules leave it out
					}
					reported[pair] = true
					p.Report(nativeKey(p, at, "gitlab", "rules").Range,
						"on GitLab stage %q can be in a %s pipeline without stage %q, which it needs, by the native \"gitlab\" rules of stage %q: GitLab refuses such a pipeline",
						j.Stage.Name, sc.event, n.Stage.Name, at.Name)
				}
			}
		}
	},
}

// anyGitLabRules reports whether a stage has native "gitlab" rules the rule can read.
func anyGitLabRules(p *Pass) bool {
	for _, s := range p.Pipeline.Stages {
		if _, ok := gitlabRules(p, s); ok {
			return true
		}
	}
	return false
}

// orphaned reports whether a job whose presence is job may be in a pipeline that the job
// it needs, whose presence is need, is not in: certainly added while the need may be
// missing, or possibly added while the need is certainly missing. Two unknowns are no
// finding: the conditions may well be the same.
func orphaned(job, need tri) bool {
	return job == yes && need != yes || job != no && need == no
}

// gitlabPresence is whether GitLab adds each job to a pipeline of the scenario: by its
// stage's native "gitlab" rules where it has them, else by pipec's rule, which holds the
// job's condition and those of the jobs it needs (directly or not), as jobValues; not by
// their native rules, which pipec's rule does not read.
func gitlabPresence(p *Pass, sc scenario) map[*compile.Job]tri {
	when := jobValues(p.Plan, sc)
	out := make(map[*compile.Job]tri, len(p.Plan.Jobs))
	for _, j := range p.Plan.Jobs {
		out[j] = when[j]
		if rules, ok := gitlabRules(p, j.Stage); ok {
			out[j] = gitlabRulesValue(rules, sc)
		}
	}
	return out
}

// gitlabRulesValue is whether rules add the job to a pipeline of the scenario: the first
// rule whose if holds decides; one that may or may not hold leaves it open.
func gitlabRulesValue(rules []gitlabRule, sc scenario) tri {
	for _, r := range rules {
		switch sc.eval(r.cond) {
		case yes:
			if r.never {
				return no
			}
			return yes
		case unknown:
			if gitlabMayRun(rules, sc) {
				return unknown
			}
			return no
		}
	}
	return no
}
