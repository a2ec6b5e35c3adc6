package github

import (
	"math/bits"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/model"
)

// concurrentDeploys returns the stages that deploy to an environment another stage
// deploys to while neither needs the other, directly or through other stages. Such
// stages can queue their jobs at the same moment, and GitHub keeps one running and one
// pending job per concurrency group: with one group for the environment, a third job
// queued cancels the one pending, and that stage never deploys. So these stages get a
// group of their own (as a matrix stage's cells do).
//
// Each stage carries the set of deploying stages upstream of it as a bitset, so a chain
// of thousands of deploys costs a word per 64 of them, not a map entry each. Past
// maxExactDeploys deploying stages the sets would be too large to keep for every stage:
// then every stage that shares its environment with another gets its own group, which
// never cancels a deploy (it only stops two stages of one run waiting for each other,
// which their needs already order).
func concurrentDeploys(p *compile.Plan) map[*model.Stage]bool {
	// The deploying stages, numbered in the order their jobs come, and per environment.
	index := map[*model.Stage]int{}
	var deploys []*model.Stage
	byEnv := map[*model.Environment][]int{}
	var envs []*model.Environment
	for _, j := range p.Jobs {
		if _, seen := index[j.Stage]; seen || j.Environment == nil {
			continue
		}
		index[j.Stage] = len(deploys)
		deploys = append(deploys, j.Stage)
		if byEnv[j.Environment] == nil {
			envs = append(envs, j.Environment)
		}
		byEnv[j.Environment] = append(byEnv[j.Environment], index[j.Stage])
	}
	out := map[*model.Stage]bool{}
	if len(deploys) > maxExactDeploys {
		for _, env := range envs {
			if stages := byEnv[env]; len(stages) > 1 {
				for _, i := range stages {
					out[deploys[i]] = true
				}
			}
		}
		return out
	}
	// above maps a stage to the deploying stages upstream of it. Jobs come in dependency
	// order, so a job's needs have their sets already.
	words := (len(deploys) + 63) / 64
	above := map[*model.Stage][]uint64{}
	for _, j := range p.Jobs {
		s := j.Stage
		set := above[s]
		if set == nil {
			set = make([]uint64, words)
			above[s] = set
		}
		for _, n := range j.Needs {
			if n.Stage == s {
				continue
			}
			if i, ok := index[n.Stage]; ok {
				set[i/64] |= 1 << (i % 64)
			}
			for w, bits := range above[n.Stage] {
				set[w] |= bits
			}
		}
	}
	// A stage is ordered with every other stage of its environment when as many of them
	// are upstream of it, or have it upstream, as there are others.
	ordered := make([]int, len(deploys))
	for _, env := range envs {
		stages := byEnv[env]
		if len(stages) < 2 {
			continue
		}
		mask := make([]uint64, words)
		for _, i := range stages {
			mask[i/64] |= 1 << (i % 64)
		}
		for _, b := range stages {
			for w, bs := range above[deploys[b]] {
				bs &= mask[w]
				ordered[b] += bits.OnesCount64(bs)
				for ; bs != 0; bs &= bs - 1 {
					ordered[w*64+bits.TrailingZeros64(bs)]++
				}
			}
		}
		for _, i := range stages {
			if ordered[i] < len(stages)-1 {
				out[deploys[i]] = true
			}
		}
	}
	return out
}

// maxExactDeploys bounds the deploying stages whose order concurrentDeploys works out
// exactly: a set of that many bits per stage is 512 bytes.
const maxExactDeploys = 4096
