package lint

import "github.com/pipec-dev/pipec/compile/diag"

var ruleCacheWithoutKey = &Rule{
	ID:        "cache-without-key",
	Category:  Correctness,
	Severity:  diag.Info,
	Summary:   "a cache has no key files",
	Rationale: "A cache keyed only by the stage is never invalidated by a dependency change: stale packages are restored forever, or (on targets that key by run) a new cache is saved every run and never restored.",
	Fix:       "set key_files to the lock files that decide the cache's contents (package-lock.json, go.sum, poetry.lock)",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if c := s.Cache; c != nil && len(c.KeyFiles) == 0 {
				p.Report(c.Range, "the cache of stage %q has no key files", s.Name)
			}
		}
	},
}
