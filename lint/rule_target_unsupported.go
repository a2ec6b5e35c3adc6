package lint

import "github.com/pipec-dev/pipec/compile/diag"

var ruleTargetUnsupported = &Rule{
	ID:        "target-unsupported",
	Category:  Portability,
	Severity:  diag.Warning,
	Summary:   "a selected target cannot express part of the spec, or only emulates it",
	Rationale: "pipec compiles one spec to four platforms whose features differ. Where a platform has no equivalent (schedules outside the file, no job timeout, no path filters), the target says what it did instead. The spec still compiles; the pipeline behaves differently there, which reviewers should know.",
	Fix:       "configure what the message names on that platform, or change the spec to what every selected target supports",
	check: func(p *Pass) {
		for _, e := range p.Emitted {
			for _, d := range e.Diags {
				if d.Severity == diag.Error {
					continue // errors are the target's own: reported as they are
				}
				p.reportDetail(d.Subject, d.Detail, "%s: %s [%s/%s]", e.Target, d.Summary, e.Target, d.Code)
			}
		}
	},
}
