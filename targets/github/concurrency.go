package github

import (
	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/model"
)

// concurrentDeploys returns the stages that deploy to an environment another stage
// deploys to while neither needs the other, directly or through other stages. Such
// stages can queue their jobs at the same moment, and GitHub keeps one running and one
// pending job per concurrency group: with one group for the environment, a third job
// queued cancels the one pending, and that stage never deploys. So these stages get a
// group of their own (as a matrix stage's cells do).
func concurrentDeploys(p *compile.Plan) map[*model.Stage]bool {
	// above maps a stage to the deploying stages upstream of it. Jobs come in dependency
	// order, so a job's needs have their sets already.
	above := map[*model.Stage]map[*model.Stage]bool{}
	byEnv := map[*model.Environment][]*model.Stage{}
	var envs []*model.Environment
	for _, j := range p.Jobs {
		s := j.Stage
		if above[s] == nil {
			above[s] = map[*model.Stage]bool{}
			if j.Environment != nil {
				if byEnv[j.Environment] == nil {
					envs = append(envs, j.Environment)
				}
				byEnv[j.Environment] = append(byEnv[j.Environment], s)
			}
		}
		for _, n := range j.Needs {
			if n.Stage == s {
				continue
			}
			if n.Environment != nil {
				above[s][n.Stage] = true
			}
			for u := range above[n.Stage] {
				above[s][u] = true
			}
		}
	}
	out := map[*model.Stage]bool{}
	for _, env := range envs {
		stages := byEnv[env]
		for i, a := range stages {
			for _, b := range stages[i+1:] {
				if !above[a][b] && !above[b][a] {
					out[a], out[b] = true, true
				}
			}
		}
	}
	return out
}
