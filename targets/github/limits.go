package github

import (
	"fmt"

	"github.com/pipec-dev/pipec/compile"
)

// GitHub's documented limits: past them the platform rejects the run or silently caps the
// value, so pipec says so at the spec's line instead.
const (
	maxMatrixJobs     = 256
	maxRetentionDays  = 90
	maxHostedMinutes  = 360
	maxSelfHostedMins = 7200
	maxOutputBytes    = 1 << 20 // a job's outputs, all together
)

func (e *emitter) checkLimits(j *compile.Job) {
	if j.Timeout != nil {
		limit, what := int64(maxHostedMinutes), "GitHub-hosted runners stop a job after 6 hours"
		if j.Runner.Class == "" {
			limit, what = maxSelfHostedMins, "GitHub stops a self-hosted job after 5 days"
		}
		if j.Timeout.Minutes() > limit {
			e.errorf(j.Timeout.Range, "timeout-too-long", what, "timeout %s of stage %q is longer than GitHub allows", j.Timeout.Text, j.Stage.Name)
		}
	}
	if j.Role == compile.RoleMain {
		for _, a := range j.Produces {
			if a.ExpireIn != nil && a.ExpireIn.Days() > maxRetentionDays {
				e.errorf(a.ExpireIn.Range, "retention-too-long", fmt.Sprintf("GitHub keeps artifacts at most %d days (a repository may set less)", maxRetentionDays), "artifact %q expires after %s", a.Name, a.ExpireIn.Text)
			}
		}
	}
	if m := j.Matrix; m != nil && j.Role == compile.RoleMain {
		n := 1
		for _, a := range m.Axes {
			n *= len(a.Values)
			if n > maxMatrixJobs*4 {
				break
			}
		}
		n += len(m.Include)
		if n-len(m.Exclude) > maxMatrixJobs {
			e.errorf(m.Range, "matrix-too-large", fmt.Sprintf("GitHub runs at most %d jobs per matrix", maxMatrixJobs), "matrix of stage %q makes about %d jobs", j.Stage.Name, n-len(m.Exclude))
		}
	}
}
