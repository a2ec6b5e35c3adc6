package lint

import "github.com/pipec-dev/pipec/compile/diag"

// ruleCacheInDeploy is zizmor's cache-poisoning audit in pipec's terms. A cache is written
// by more runs than the one that restores it: on GitHub by any workflow run of the default
// branch, on GitLab and CircleCI by other branches' jobs with the same key. Whatever a
// poisoned entry holds then runs in the deployment, with its secrets and credentials, or
// ships in what it deploys. Build stages may keep their caches; the stage that deploys
// should start from what its needs hand it.
var ruleCacheInDeploy = &Rule{
	ID:        "cache-in-deploy",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a deployment restores a cache",
	Rationale: "A cache is written by other runs than the one that restores it: on GitHub by every workflow run on the default branch, on GitLab and CircleCI by other branches' jobs with the same key. A poisoned entry (a tampered dependency, a planted binary) then runs with the deployment's secrets and credentials, or ships in what it deploys.",
	Fix:       "remove the cache from the deployment stage; build in an earlier stage (with its cache) and hand the result over as an artifact",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if s.Environment == nil || s.Cache == nil {
				continue
			}
			p.Report(s.Cache.Range, "deployment stage %q restores a cache; a run with less trust can write what it restores", s.Name)
		}
	},
}
