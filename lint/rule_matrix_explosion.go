package lint

import "github.com/pipec-dev/pipec/compile/diag"

// matrixLimit is the smallest per-matrix job limit of the targets: GitLab's 200
// (GitHub allows 256 per workflow run).
const matrixLimit = 200

var ruleMatrixExplosion = &Rule{
	ID:        "matrix-explosion",
	Category:  Correctness,
	Severity:  diag.Error,
	Summary:   "a matrix makes more jobs than a platform allows",
	Rationale: "Matrices multiply: four axes of five values are 625 jobs. GitLab refuses more than 200 jobs from one matrix and GitHub more than 256 from one run, so the pipeline is rejected on push, not when the spec is written.",
	Fix:       "drop axes or values, exclude combinations, or split the matrix into stages",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if s.Matrix == nil {
				continue
			}
			if n := len(s.Matrix.Cells()); n > matrixLimit {
				p.Report(s.Matrix.Range, "the matrix of stage %q makes %d jobs (at most %d run on every platform)", s.Name, n, matrixLimit)
			}
		}
	},
}
