// Package all lists every target back end, in the order the command runs them.
package all

import (
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/azure"
	"github.com/pipec-dev/pipec/targets/circleci"
	"github.com/pipec-dev/pipec/targets/github"
	"github.com/pipec-dev/pipec/targets/gitlab"
)

// Targets is every back end pipec can emit, in --target order.
var Targets = []targets.Target{
	github.Target{},
	gitlab.Target{},
	circleci.Target{},
	azure.Target{},
}

// Names lists the targets' names in order.
func Names() []string {
	out := make([]string, len(Targets))
	for i, t := range Targets {
		out[i] = t.Name()
	}
	return out
}

// Lookup finds a target by name.
func Lookup(name string) targets.Target {
	for _, t := range Targets {
		if t.Name() == name {
			return t
		}
	}
	return nil
}
