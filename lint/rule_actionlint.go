package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/targets/github"
)

var ruleActionlint = &Rule{
	ID:        "actionlint",
	Category:  Portability,
	Severity:  diag.Warning,
	Summary:   "actionlint reports a problem in the generated GitHub workflow",
	Rationale: "pipec runs actionlint (and shellcheck, when it is installed) on the workflow it generates, the way users check hand-written workflows. A finding there is usually a script problem in the spec (shellcheck) or a value GitHub will reject; it is reported at the stage and step it came from.",
	Fix:       "read actionlint's message; fix the step's script or the value it names",
	check: func(p *Pass) {
		for _, e := range p.Emitted {
			if e.Target != "github" || e.YAML == nil {
				continue
			}
			findings, err := Actionlint(e.Path, e.YAML, selfHostedLabels(p.Plan))
			if err != nil {
				p.reportDetail(p.Pipeline.NameRange, err.Error(), "actionlint could not run")
				continue
			}
			lines := strings.Split(string(e.YAML), "\n")
			byID := map[string]*compile.Job{}
			for _, j := range p.Plan.Jobs {
				byID[github.JobID(j.ID)] = j // the last of equal IDs, as a scan would find
			}
			for _, f := range findings {
				rng := mapToSpec(p.Plan, byID, lines, f.Line)
				p.reportDetail(rng, "actionlint ["+f.Kind+"]", "%s", f.Message)
				if shellcheckNote.MatchString(f.Message) {
					// shellcheck's info and style notes stay notes.
					p.out[len(p.out)-1].Severity = diag.Info
				}
			}
		}
	},
}

// selfHostedLabels lists the custom runner labels the spec names, for actionlint.
func selfHostedLabels(plan *compile.Plan) []string {
	var out []string
	seen := map[string]bool{"self-hosted": true}
	add := func(labels []string) {
		for _, l := range labels {
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	for _, j := range plan.Jobs {
		var ls []string
		for _, l := range j.Runner.Labels {
			ls = append(ls, l.Value)
		}
		add(ls)
	}
	return out
}

var (
	shellcheckNote = lazy(`\bSC\d+:(info|style):`)
	jobKey         = lazy(`^  ([A-Za-z_][A-Za-z0-9_-]*):\s*$`)
	stepTop        = lazy(`^      - `)
	stepNm         = lazy(`^      (- |  )name: (.*)$`)
)

// mapToSpec finds the spec range behind a line of the generated workflow: the step with
// the same name in the stage of the enclosing job, else the stage, else the pipeline.
// byID finds a plan job by its GitHub job ID (one map for all findings: a scan of the
// jobs per finding made a large spec with many findings quadratic).
func mapToSpec(plan *compile.Plan, byID map[string]*compile.Job, lines []string, line int) diag.Range {
	if line < 1 || line > len(lines) {
		return plan.Pipeline.NameRange
	}
	jobAt := -1
	var id string
	for i := line - 1; i >= 0; i-- {
		if m := jobKey.FindStringSubmatch(lines[i]); m != nil {
			jobAt, id = i, m[1]
			break
		}
		if lines[i] == "jobs:" {
			break
		}
	}
	if jobAt < 0 {
		return plan.Pipeline.NameRange
	}
	job := byID[id]
	if job == nil {
		return plan.Pipeline.NameRange
	}
	// The step item that holds the line, and its name.
	for i := line - 1; i > jobAt; i-- {
		if !stepTop.MatchString(lines[i]) {
			continue
		}
		for k := i; k < len(lines) && (k == i || strings.HasPrefix(lines[k], "        ")); k++ {
			if m := stepNm.FindStringSubmatch(lines[k]); m != nil {
				name := strings.Trim(m[2], `"'`)
				for _, st := range stageSteps(job.Stage) {
					if st.Name == name {
						return st.NameRange
					}
				}
			}
		}
		break
	}
	return job.Stage.NameRange
}
