package graph

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/model"
)

// Formats lists the diagram languages, the first being the default.
var Formats = []string{"mermaid", "dot"}

// Render draws the plan in format, one of Formats. An unknown format is the caller's
// mistake (the command checks the flag first), so it panics.
func Render(p *compile.Plan, format string) []byte {
	switch format {
	case "mermaid":
		return Mermaid(p)
	case "dot":
		return DOT(p)
	}
	panic("graph: unknown format " + format)
}

// nodeKind tells a job from an approval gate.
type nodeKind int

const (
	jobNode nodeKind = iota
	gateNode
)

// node is one box of the diagram.
type node struct {
	id       string // unique: the job's ID, or "approval:" and the job's ID for its gate
	kind     nodeKind
	lines    []string // the label, one entry per line; the first is the stage name
	rollback bool     // a rollback job: drawn dashed
}

// edge is one arrow: from must finish before to starts.
type edge struct {
	from, to  string
	onFailure bool // to runs only when from failed
}

// diagram is the plan reduced to what is drawn, in the plan's job order.
type diagram struct {
	name  string
	nodes []*node
	edges []edge
}

// build lays the plan out: a node per job, a gate node before each job a person
// approves, and an edge per need that is not already implied by the stage's chain.
func build(p *compile.Plan) *diagram {
	d := &diagram{name: p.Pipeline.Name}
	for _, j := range p.Jobs {
		into := j.ID
		gate := gateLabel(j)
		if gate != nil {
			into = "approval:" + j.ID
			d.nodes = append(d.nodes, &node{id: into, kind: gateNode, lines: gate})
		}
		d.nodes = append(d.nodes, &node{id: j.ID, kind: jobNode, lines: jobLabel(j), rollback: j.Role == compile.RoleRollback})
		chained := false
		for _, up := range j.Needs {
			if up.Stage == j.Stage {
				chained = true
			}
		}
		for _, up := range j.Needs {
			// A later job of a chain, and a rollback job, need the stage's upstream jobs
			// again only to read their outputs: the chain's first job already waits
			// for them.
			if chained && up.Stage != j.Stage {
				continue
			}
			d.edges = append(d.edges, edge{from: up.ID, to: into, onFailure: j.OnFailure})
		}
		if gate != nil {
			d.edges = append(d.edges, edge{from: into, to: j.ID})
		}
	}
	return d
}

// jobLabel is the stage name, then what the job does: its role in a deploy strategy, its
// matrix, its condition, and whether it may fail.
func jobLabel(j *compile.Job) []string {
	lines := []string{j.Stage.Name}
	if r := role(j); r != "" {
		lines = append(lines, r)
	}
	if j.Matrix != nil {
		lines = append(lines, matrixLine(j.Matrix))
	}
	if j.When != nil {
		lines = append(lines, "when: "+j.When.String())
	}
	if j.AllowFailure {
		lines = append(lines, "allowed to fail")
	}
	return lines
}

// role says what the job does for its stage; "" for a stage that deploys nothing.
func role(j *compile.Job) string {
	env := ""
	if j.Environment != nil {
		env = j.Environment.Name
	}
	switch j.Role {
	case compile.RoleRollback:
		if env == "" {
			return "rollback"
		}
		return "rollback of " + env
	case compile.RoleSwitch:
		return "switch " + env + " to the green slot"
	}
	d := j.Deploy
	if d == nil {
		return ""
	}
	switch d.Strategy {
	case model.StrategyCanary:
		return fmt.Sprintf("canary %d%% of %s (%d of %d)", d.Weight, env, d.Step, d.Of)
	case model.StrategyBlueGreen:
		return "deploy to the green slot of " + env
	case model.StrategyRolling:
		s := fmt.Sprintf("rolling deploy to %s in %d batches", env, d.Batches)
		if d.MaxParallel > 1 {
			s += fmt.Sprintf(", %d at a time", d.MaxParallel)
		}
		return s
	}
	return "deploy to " + env
}

// matrixLine names the axes and counts the jobs: "matrix: python × os, 6 jobs".
func matrixLine(m *model.Matrix) string {
	var axes []string
	for _, a := range m.Axes {
		axes = append(axes, a.Name)
	}
	n := len(m.Cells())
	jobs := fmt.Sprintf("%d jobs", n)
	if n == 1 {
		jobs = "1 job"
	}
	if len(axes) == 0 {
		return "matrix: " + jobs
	}
	return "matrix: " + strings.Join(axes, " × ") + ", " + jobs
}

// gateLabel is the label of the approval that holds j, or nil when nobody approves it.
// A person approves a deployment to an environment with approval before the stage's
// first job, and each canary increase after the first when the canary asks for it; the
// back ends gate the same jobs (a manual job on GitLab, an approval job on CircleCI).
func gateLabel(j *compile.Job) []string {
	envGate := j.Environment != nil && j.Environment.NeedsApproval() && j.Role == compile.RoleMain && j.Deploy != nil && j.Deploy.Step == 1
	if !envGate && !j.Approval {
		return nil
	}
	lines := []string{"approval"}
	if j.Approval {
		lines = append(lines, fmt.Sprintf("before %d%%", j.Deploy.Weight))
	}
	if j.Environment != nil {
		lines = append(lines, j.Environment.Name)
	}
	return lines
}
