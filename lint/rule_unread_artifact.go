package lint

import "github.com/pipec-dev/pipec/compile/diag"

var ruleUnreadArtifact = &Rule{
	ID:        "unread-artifact",
	Category:  Correctness,
	Severity:  diag.Info,
	Summary:   "an artifact is kept but no later stage reads it",
	Rationale: "pipec hands an artifact to every stage after the one that makes it. An artifact of a stage that no stage comes after is only stored: that is right for release files people download, and a waste of storage and upload time for build output nobody reads.",
	Fix:       "give it an expire_in that says how long people need it, or remove it",
	check: func(p *Pass) {
		downstream := map[string]bool{}
		for _, s := range p.Pipeline.Stages {
			for _, n := range s.Needs {
				downstream[n.Value] = true
			}
		}
		for _, s := range p.Pipeline.Stages {
			if downstream[s.Name] {
				continue
			}
			for _, a := range s.Artifacts {
				if a.ExpireIn == nil {
					p.Report(a.NameRange, "artifact %q of stage %q is read by no later stage", a.Name, s.Name)
				}
			}
		}
	},
}
