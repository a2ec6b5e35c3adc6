package lint

import "github.com/pipec-dev/pipec/compile/diag"

// ruleTargetUnsupportedID is the rule's id, which its findings name as what pipec:ignore
// and .pipec.hcl take.
const ruleTargetUnsupportedID = "target-unsupported"

var ruleTargetUnsupported = &Rule{
	ID:        ruleTargetUnsupportedID,
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
				// The target's code is named in parentheses, with the rule's id to suppress
				// it by: in brackets beside the rule's own [target-unsupported], users
				// copied it into pipec:ignore, which takes rule ids only.
				p.reportDetail(d.Subject, d.Detail, "%s: %s (%s/%s; ignore as %s)", e.Target, d.Summary, e.Target, d.Code, ruleTargetUnsupportedID)
			}
		}
	},
}
