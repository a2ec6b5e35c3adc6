package graph

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lang/hcl"
)

// compileHCL compiles an HCL spec or fails the test.
func compileHCL(t *testing.T, src string) *compile.Plan {
	t.Helper()
	p, ds := hcl.Parse("pipeline.hcl", []byte(src))
	if ds.HasErrors() {
		t.Fatalf("spec: %v", ds)
	}
	plan, ds := compile.Compile(p, "pipeline.hcl")
	if plan == nil {
		t.Fatalf("spec: %v", ds)
	}
	return plan
}

// casePlans compiles every golden case that compiles (testdata/*/pipeline.hcl, or the
// pipeline.cue of a case without HCL), keyed by case name.
func casePlans(t *testing.T) map[string]*compile.Plan {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("..", "..", "testdata", "*"))
	if err != nil {
		t.Fatal(err)
	}
	plans := map[string]*compile.Plan{}
	for _, dir := range dirs {
		var plan *compile.Plan
		if src, err := os.ReadFile(filepath.Join(dir, "pipeline.hcl")); err == nil {
			if p, ds := hcl.Parse("pipeline.hcl", src); !ds.HasErrors() {
				plan, _ = compile.Compile(p, "pipeline.hcl")
			}
		} else if src, err := os.ReadFile(filepath.Join(dir, "pipeline.cue")); err == nil {
			if p, ds := cue.Parse("pipeline.cue", src); !ds.HasErrors() {
				plan, _ = compile.Compile(p, "pipeline.cue")
			}
		}
		if plan != nil {
			plans[filepath.Base(dir)] = plan
		}
	}
	if len(plans) < 20 {
		t.Fatalf("only %d golden cases compile", len(plans))
	}
	return plans
}

const canary = `pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  environment "production" {
    approval = true
    branches = ["main"]
  }
  stage "build" {
    step "make" {
      run = "make"
    }
  }
  stage "lint" {
    step "vet" {
      run = "go vet"
    }
  }
  stage "rollout" {
    needs       = ["build", "lint"]
    environment = "production"
    strategy "canary" {
      increments = [10]
      approval   = true
    }
    step "shift" {
      run = "./shift ${deploy.weight}"
    }
    rollback {
      step "undo" {
        run = "./shift 0"
      }
    }
  }
}
`

// TestCanaryLayout pins the drawing of a canary with approval: a gate before the first
// increment (the environment's approval) and before each increase (the canary's), the
// chain's own order instead of the upstream needs the lowering repeats, and the rollback
// reached from every increment, on failure only.
func TestCanaryLayout(t *testing.T) {
	d := build(compileHCL(t, canary))
	var nodes []string
	for _, n := range d.nodes {
		kind := "job"
		if n.kind == gateNode {
			kind = "gate"
		}
		if n.rollback {
			kind = "rollback"
		}
		nodes = append(nodes, fmt.Sprintf("%s %s: %s", kind, n.id, strings.Join(n.lines, " | ")))
	}
	wantNodes := []string{
		"job build: build",
		"job lint: lint",
		"gate approval:rollout-canary-10: approval | production",
		`job rollout-canary-10: rollout | canary 10% of production (1 of 2) | when: matches(ci.ref, "refs/heads/main")`,
		"gate approval:rollout-canary-100: approval | before 100% | production",
		`job rollout-canary-100: rollout | canary 100% of production (2 of 2) | when: matches(ci.ref, "refs/heads/main")`,
		"rollback rollout-rollback: rollout | rollback of production",
	}
	if got, want := strings.Join(nodes, "\n"), strings.Join(wantNodes, "\n"); got != want {
		t.Errorf("nodes:\n%s\nwant:\n%s", got, want)
	}
	var edges []string
	for _, e := range d.edges {
		arrow := "->"
		if e.onFailure {
			arrow = "-on-failure->"
		}
		edges = append(edges, e.from+" "+arrow+" "+e.to)
	}
	wantEdges := []string{
		"build -> approval:rollout-canary-10",
		"lint -> approval:rollout-canary-10",
		"approval:rollout-canary-10 -> rollout-canary-10",
		"rollout-canary-10 -> approval:rollout-canary-100",
		"approval:rollout-canary-100 -> rollout-canary-100",
		"rollout-canary-10 -on-failure-> rollout-rollback",
		"rollout-canary-100 -on-failure-> rollout-rollback",
	}
	if got, want := strings.Join(edges, "\n"), strings.Join(wantEdges, "\n"); got != want {
		t.Errorf("edges:\n%s\nwant:\n%s", got, want)
	}
}

func TestMermaidCanary(t *testing.T) {
	got := string(Mermaid(compileHCL(t, canary)))
	want := `---
title: "p"
---
flowchart LR
  job_build("build")
  job_lint("lint")
  approve_rollout_canary_10{{"approval<br>production"}}
  job_rollout_canary_10("rollout<br>canary 10% of production (1 of 2)<br>when: matches(ci.ref, #quot;refs/heads/main#quot;)")
  approve_rollout_canary_100{{"approval<br>before 100%<br>production"}}
  job_rollout_canary_100("rollout<br>canary 100% of production (2 of 2)<br>when: matches(ci.ref, #quot;refs/heads/main#quot;)")
  job_rollout_rollback("rollout<br>rollback of production")
  job_build --> approve_rollout_canary_10
  job_lint --> approve_rollout_canary_10
  approve_rollout_canary_10 --> job_rollout_canary_10
  job_rollout_canary_10 --> approve_rollout_canary_100
  approve_rollout_canary_100 --> job_rollout_canary_100
  job_rollout_canary_10 -. on failure .-> job_rollout_rollback
  job_rollout_canary_100 -. on failure .-> job_rollout_rollback
  classDef rollback stroke-dasharray: 5 5
  class job_rollout_rollback rollback
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestDOTCanary(t *testing.T) {
	got := string(DOT(compileHCL(t, canary)))
	for _, want := range []string{
		"digraph \"p\" {\n",
		`"approval:rollout-canary-100" [label="approval\nbefore 100%\nproduction", shape=hexagon, style=solid];`,
		`"rollout-canary-10" [label="rollout\ncanary 10% of production (1 of 2)\nwhen: matches(ci.ref, \"refs/heads/main\")"];`,
		`"rollout-rollback" [label="rollout\nrollback of production", style="rounded,dashed"];`,
		`"build" -> "approval:rollout-canary-10";`,
		`"rollout-canary-100" -> "rollout-rollback" [style=dashed, label="on failure"];`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in:\n%s", want, got)
		}
	}
}

// A blue/green stage is its deploy job then its switch job; a rolling stage one job that
// says its batches; a matrix counts its jobs; a stage that may fail says so.
func TestRoles(t *testing.T) {
	plan := compileHCL(t, `pipeline "p" {
  on {
    push {}
  }
  environment "prod" {}
  environment "fleet" {}
  stage "test" {
    allow_failure = true
    matrix {
      axes = { go = ["1.24", "1.25"], os = ["linux", "mac"] }
      exclude = [{ go = "1.24", os = "mac" }]
    }
    step "t" {
      run = "go test"
    }
  }
  stage "bg" {
    needs       = ["test"]
    environment = "prod"
    strategy "blue_green" {}
    step "d" {
      run = "deploy"
    }
    switch {
      step "s" {
        run = "swap"
      }
    }
  }
  stage "roll" {
    needs       = ["test"]
    environment = "fleet"
    strategy "rolling" {
      batches      = 4
      max_parallel = 2
    }
    step "d" {
      run = "deploy"
    }
  }
}
`)
	got := map[string]string{}
	for _, n := range build(plan).nodes {
		got[n.id] = strings.Join(n.lines, " | ")
	}
	for id, want := range map[string]string{
		"test":      "test | matrix: go × os, 3 jobs | allowed to fail",
		"bg":        "bg | deploy to the green slot of prod",
		"bg-switch": "bg | switch prod to the green slot",
		"roll":      "roll | rolling deploy to fleet in 4 batches, 2 at a time",
	} {
		if got[id] != want {
			t.Errorf("%s: got %q, want %q", id, got[id], want)
		}
	}
}

// Labels hold conditions with quotes, '&&', '<', '#' and backslashes: Mermaid gets them
// as entity codes, DOT escaped, and neither reads them as syntax.
func TestLabelEscaping(t *testing.T) {
	plan := compileHCL(t, `pipeline "p" {
  on {
    push {}
  }
  stage "end" {
    when = ci.branch == "a\"b<c>#1" && ci.tag != "x\\y"
    step "s" {
      run = "true"
    }
  }
  stage "o-x" {
    needs = ["end"]
    step "s" {
      run = "true"
    }
  }
}
`)
	m := string(Mermaid(plan))
	if !strings.Contains(m, `job_end("end<br>when: (ci.branch == #quot;a\#quot;b#lt;c#gt;#35;1#quot;) #amp;#amp; (ci.tag != #quot;x\\y#quot;)")`) {
		t.Errorf("condition not escaped for Mermaid:\n%s", m)
	}
	if !strings.Contains(m, "  job_end --> job_o_x\n") {
		t.Errorf("ids are not prefixed:\n%s", m)
	}
	checkMermaid(t, "escaping", []byte(m))
	d := string(DOT(plan))
	if !strings.Contains(d, `"end" [label="end\nwhen: (ci.branch == \"a\\\"b<c>#1\") && (ci.tag != \"x\\\\y\")"];`) {
		t.Errorf("condition not escaped for DOT:\n%s", d)
	}
	runDot(t, "escaping", []byte(d))
}

// TestDOTParses hands every golden case's drawing to Graphviz, which must accept it.
func TestDOTParses(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
			t.Fatal("CI=true but Graphviz's dot is not installed (.ci/run installs the graphviz package)")
		}
		t.Skip("SKIP: Graphviz's dot is not installed (Debian: apt-get install graphviz); the DOT drawings are not checked by Graphviz")
	}
	for name, plan := range casePlans(t) {
		runDot(t, name, DOT(plan))
	}
}

// runDot lays src out with Graphviz; an error or a warning fails the test.
func runDot(t *testing.T, name string, src []byte) {
	t.Helper()
	if _, err := exec.LookPath("dot"); err != nil {
		return
	}
	cmd := exec.Command("dot", "-Tsvg", "-o", os.DevNull)
	cmd.Stdin = bytes.NewReader(src)
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("%s: dot rejects the drawing (%v):\n%s\n%s", name, err, out, src)
	}
}

// TestMermaidShape checks every golden case's Mermaid drawing statement by statement,
// against the few forms the renderer writes (Mermaid's own parser needs a browser
// engine): front matter, header, node, edge and class lines only; every id declared once
// before it is used; no raw double quote inside a label; every job of the plan drawn.
func TestMermaidShape(t *testing.T) {
	for name, plan := range casePlans(t) {
		src := Mermaid(plan)
		checkMermaid(t, name, src)
		for _, j := range plan.Jobs {
			if !bytes.Contains(src, []byte("(\""+strings.Split(mermaidLabel(jobLabel(j)), "<br>")[0])) {
				t.Errorf("%s: job %s is not drawn", name, j.ID)
			}
		}
		if !bytes.Equal(src, Mermaid(plan)) {
			t.Errorf("%s: two drawings differ", name)
		}
	}
}

var (
	mmdNode  = regexp.MustCompile(`^  ([A-Za-z][A-Za-z0-9_]*)(?:\("([^"]*)"\)|\{\{"([^"]*)"\}\})$`)
	mmdEdge  = regexp.MustCompile(`^  ([A-Za-z][A-Za-z0-9_]*) (?:-->|-\. on failure \.->) ([A-Za-z][A-Za-z0-9_]*)$`)
	mmdClass = regexp.MustCompile(`^  class ([A-Za-z0-9_,]+) rollback$`)
)

func checkMermaid(t *testing.T, name string, src []byte) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
	if len(lines) < 4 || lines[0] != "---" || !strings.HasPrefix(lines[1], "title: ") || lines[2] != "---" || lines[3] != "flowchart LR" {
		t.Errorf("%s: no front matter and flowchart header:\n%s", name, src)
		return
	}
	if _, err := strconv.Unquote(strings.TrimPrefix(lines[1], "title: ")); err != nil {
		t.Errorf("%s: title is not a quoted string: %s", name, lines[1])
	}
	declared := map[string]bool{}
	for i, l := range lines[4:] {
		switch {
		case mmdNode.MatchString(l):
			m := mmdNode.FindStringSubmatch(l)
			if declared[m[1]] {
				t.Errorf("%s:%d: node %s declared twice", name, i+5, m[1])
			}
			if m[1] == "end" || strings.HasPrefix(m[1], "o") || strings.HasPrefix(m[1], "x") {
				t.Errorf("%s:%d: id %s is a keyword or reads as an arrow head", name, i+5, m[1])
			}
			declared[m[1]] = true
		case mmdEdge.MatchString(l):
			m := mmdEdge.FindStringSubmatch(l)
			for _, id := range m[1:] {
				if !declared[id] {
					t.Errorf("%s:%d: edge names undeclared node %s", name, i+5, id)
				}
			}
		case l == "  classDef rollback stroke-dasharray: 5 5":
		case mmdClass.MatchString(l):
			for _, id := range strings.Split(mmdClass.FindStringSubmatch(l)[1], ",") {
				if !declared[id] {
					t.Errorf("%s:%d: class names undeclared node %s", name, i+5, id)
				}
			}
		default:
			t.Errorf("%s:%d: not a statement the renderer writes: %q", name, i+5, l)
		}
	}
}

// Job ids that meet once spelled as Mermaid ids are told apart, in node order.
func TestMermaidIDs(t *testing.T) {
	ids := mermaidIDs([]*node{{id: "a-rollback"}, {id: "a_rollback"}, {id: "approval:a-rollback", kind: gateNode}, {id: "a.rollback"}})
	got := fmt.Sprint(ids["a-rollback"], " ", ids["a_rollback"], " ", ids["approval:a-rollback"], " ", ids["a.rollback"])
	if want := "job_a_rollback job_a_rollback_2 approve_a_rollback job_a_rollback_3"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestRenderUnknownFormatPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for an unknown format")
		}
	}()
	Render(compileHCL(t, canary), "svg")
}
