package graph

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/pipec-dev/pipec/compile"
)

// Mermaid draws the plan as a Mermaid flowchart, left to right: jobs are rounded boxes,
// approval gates hexagons, rollback jobs dashed boxes reached by dotted "on failure"
// arrows.
func Mermaid(p *compile.Plan) []byte {
	d := build(p)
	ids := mermaidIDs(d.nodes)
	var b bytes.Buffer
	// The front matter's title is a YAML string; a pipeline name is letters, digits,
	// '.', '_' and '-', and strconv.Quote keeps anything else a valid YAML double-quoted
	// string too.
	fmt.Fprintf(&b, "---\ntitle: %s\n---\nflowchart LR\n", strconv.Quote(d.name))
	var rollbacks []string
	for _, n := range d.nodes {
		label := mermaidLabel(n.lines)
		switch {
		case n.kind == gateNode:
			fmt.Fprintf(&b, "  %s{{\"%s\"}}\n", ids[n.id], label)
		default:
			fmt.Fprintf(&b, "  %s(\"%s\")\n", ids[n.id], label)
		}
		if n.rollback {
			rollbacks = append(rollbacks, ids[n.id])
		}
	}
	for _, e := range d.edges {
		if e.onFailure {
			fmt.Fprintf(&b, "  %s -. on failure .-> %s\n", ids[e.from], ids[e.to])
		} else {
			fmt.Fprintf(&b, "  %s --> %s\n", ids[e.from], ids[e.to])
		}
	}
	if len(rollbacks) > 0 {
		b.WriteString("  classDef rollback stroke-dasharray: 5 5\n")
		fmt.Fprintf(&b, "  class %s rollback\n", strings.Join(rollbacks, ","))
	}
	return b.Bytes()
}

// mermaidIDs gives each node a Mermaid node id: its own id with every character other
// than a letter, digit or '_' as '_', after a prefix, so that no id is a Mermaid keyword
// ("end" ends a subgraph) or starts with the 'o' or 'x' that Mermaid reads as an arrow
// head. Ids that meet are told apart with a number, in node order.
func mermaidIDs(nodes []*node) map[string]string {
	ids := map[string]string{}
	used := map[string]bool{}
	for _, n := range nodes {
		prefix := "job_"
		if n.kind == gateNode {
			prefix = "approve_"
		}
		base := prefix + strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
				return r
			}
			return '_'
		}, strings.TrimPrefix(n.id, "approval:"))
		id := base
		for i := 2; used[id]; i++ {
			id = fmt.Sprintf("%s_%d", base, i)
		}
		used[id] = true
		ids[n.id] = id
	}
	return ids
}

// mermaidLabel joins the lines with <br> inside a double-quoted label, writing as entity
// codes what Mermaid would read as syntax, HTML or Markdown: conditions hold quotes,
// '&&', '<' and '#'.
func mermaidLabel(lines []string) string {
	r := strings.NewReplacer(
		`#`, `#35;`,
		`"`, `#quot;`,
		`&`, `#amp;`,
		`<`, `#lt;`,
		`>`, `#gt;`,
		"`", `#96;`,
		"\n", " ",
	)
	esc := make([]string, len(lines))
	for i, l := range lines {
		esc[i] = r.Replace(l)
	}
	return strings.Join(esc, "<br>")
}

// DOT draws the plan as a Graphviz digraph, left to right, with the same shapes as the
// Mermaid drawing: `pipec graph --format dot | dot -Tsvg > pipeline.svg`.
func DOT(p *compile.Plan) []byte {
	d := build(p)
	var b bytes.Buffer
	fmt.Fprintf(&b, "digraph %s {\n", dotString(d.name))
	fmt.Fprintf(&b, "  label=%s;\n  labelloc=t;\n  rankdir=LR;\n", dotString(d.name))
	b.WriteString("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
	b.WriteString("  edge [fontname=\"Helvetica\"];\n")
	for _, n := range d.nodes {
		attrs := "label=" + dotString(strings.Join(n.lines, "\n"))
		switch {
		case n.kind == gateNode:
			attrs += ", shape=hexagon, style=solid"
		case n.rollback:
			attrs += ", style=\"rounded,dashed\""
		}
		fmt.Fprintf(&b, "  %s [%s];\n", dotString(n.id), attrs)
	}
	for _, e := range d.edges {
		attrs := ""
		if e.onFailure {
			attrs = " [style=dashed, label=\"on failure\"]"
		}
		fmt.Fprintf(&b, "  %s -> %s%s;\n", dotString(e.from), dotString(e.to), attrs)
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// dotString quotes s as a DOT string: backslash and double quote escaped, a newline as
// \n, which Graphviz draws as a line break in a label.
func dotString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}
