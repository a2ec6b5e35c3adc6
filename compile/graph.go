package compile

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
)

// checkGraph finds cycles in the needs graph and orders the stages: every stage after the
// stages it needs, ties in spec order, so output does not depend on anything but the spec.
func (c *checker) checkGraph() {
	stages := c.p.Stages
	const (
		white = iota
		grey
		black
	)
	color := map[*model.Stage]int{}
	var stack []*model.Stage
	var order []*model.Stage
	cyclic := false
	var visit func(s *model.Stage)
	visit = func(s *model.Stage) {
		color[s] = grey
		stack = append(stack, s)
		for _, n := range s.Needs {
			up := c.stages[n.Value]
			if up == nil || up == s {
				continue
			}
			switch color[up] {
			case white:
				visit(up)
			case grey:
				cyclic = true
				// The cycle is the stack from up to s, closed by this need.
				i := len(stack) - 1
				for i >= 0 && stack[i] != up {
					i--
				}
				var names []string
				for _, st := range stack[i:] {
					names = append(names, st.Name)
				}
				// Each stage on the stack needs the next one, and s closes the loop.
				path := append(names, up.Name)
				c.diags.Errorf(n.Range, "cycle", "each arrow reads \"needs\"; a stage cannot wait for itself, so remove one of these needs", "stages need each other in a cycle: %s", strings.Join(path, " -> "))
			}
		}
		stack = stack[:len(stack)-1]
		color[s] = black
		order = append(order, s)
	}
	for _, s := range stages {
		if c.stages[s.Name] == s && color[s] == white {
			visit(s)
		}
	}
	if !cyclic {
		c.order = order
	}
}
