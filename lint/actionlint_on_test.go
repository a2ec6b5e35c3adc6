package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets/github"
)

// A finding in the workflow's `on:` block is reported at the part of the spec's triggers
// that wrote the line (the cron, the glob, the input's default or option), not at the
// pipeline's name: each line that holds a value is mapped to the spec line that holds it.
func TestActionlintOnBlockInSpecTerms(t *testing.T) {
	src := `pipeline "p" {
  on {
    push {
      branches     = ["main", "release/**"]
      tags         = ["v*"]
      paths        = ["src/**"]
      paths_ignore = ["src/gen/**"]
    }
    pull_request {
      paths_ignore = ["docs/**"]
    }
    schedule "nightly" {
      cron = "0 3 * * *"
    }
    schedule "often" {
      cron = "*/2 * * * *"
    }
    manual {
      input "level" {
        type    = "choice"
        options = ["low", "high"]
        default = "high"
      }
      input "note" {
        description = "why"
      }
    }
  }
  stage "a" {
    step "s" { run = "true" }
  }
}
`
	m, ds := hcl.Parse("p.hcl", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	plan, ds := compile.Compile(m, "p.hcl")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	out, ds := github.Target{}.Emit(plan)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	lines := strings.Split(string(out), "\n")
	// The workflow's line holding each text, and the spec line it comes from.
	want := []struct {
		text string
		line int
	}{
		{"- release/**", 4},
		{"- v*", 5},
		{"- src/**", 6},
		{`- "!src/gen/**"`, 7},
		{"- docs/**", 10},
		{"- cron: 0 3 * * *", 13},
		{`- cron: "*/2 * * * *"`, 16},
		{"- high", 21},
		{"default: high", 22},
		{"description: why", 24},
	}
	var got, wanted []string
	for _, w := range want {
		at := -1
		for i, l := range lines {
			if strings.TrimSpace(l) == w.text {
				at = i + 1
				break
			}
		}
		if at < 0 {
			t.Fatalf("no line %q in\n%s", w.text, out)
		}
		rng, _, _ := mapToSpec(plan, nil, lines, at)
		got = append(got, fmt.Sprintf("%s -> %d", w.text, rng.Start.Line))
		wanted = append(wanted, fmt.Sprintf("%s -> %d", w.text, w.line))
	}
	if g, w := strings.Join(got, "\n"), strings.Join(wanted, "\n"); g != w {
		t.Errorf("got\n%s\nwant\n%s", g, w)
	}
}
