package lint

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets"
	"github.com/pipec-dev/pipec/targets/all"
)

// lintFile compiles a spec and lints it for every target, as `pipec lint` does. With
// compileErrors, a spec the compiler refuses yields the compiler's diagnostics (the case
// that fires of a Compiler rule); otherwise a compile error fails the test.
func lintFile(t *testing.T, path string, compileErrors ...bool) diag.Diagnostics {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, ds := hcl.Parse(path, src)
	if ds.HasErrors() {
		t.Fatalf("%s does not parse: %v", path, ds)
	}
	plan, ds := compile.Compile(m, path)
	if ds.HasErrors() && len(compileErrors) > 0 && compileErrors[0] {
		return ds
	}
	if ds.HasErrors() {
		t.Fatalf("%s does not compile: %v", path, ds)
	}
	return Lint(plan, all.Targets)
}

// compileSource writes src as a spec in a temporary directory and compiles it; a spec
// that does not parse or compile fails the test.
func compileSource(t *testing.T, src string) *compile.Plan {
	t.Helper()
	path := t.TempDir() + "/p.hcl"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, ds := hcl.Parse(path, []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	plan, ds := compile.Compile(m, path)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return plan
}

// targetsNamed is the targets of all.Targets with those names, in its order.
func targetsNamed(names ...string) []targets.Target {
	var ts []targets.Target
	for _, tg := range all.Targets {
		if slices.Contains(names, tg.Name()) {
			ts = append(ts, tg)
		}
	}
	return ts
}

// wantLines lists the lines of a file that carry a `# want` comment.
func wantLines(t *testing.T, path string) []int {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, "# want") {
			out = append(out, i+1)
		}
	}
	return out
}

// Every rule has lint/testdata/RULE/fires.hcl, where the rule reports exactly on the lines
// marked `# want`, and quiet.hcl, where it reports nothing.
func TestRules(t *testing.T) {
	for _, r := range All {
		r := r
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join("testdata", r.ID)
			fires := filepath.Join(dir, "fires.hcl")
			var got []int
			for _, d := range lintFile(t, fires, r.Compiler) {
				if d.Code == r.ID {
					got = append(got, d.Subject.Start.Line)
					if d.Severity != r.Severity {
						t.Errorf("%s: severity %v, want %v", d, d.Severity, r.Severity)
					}
					if d.Subject.Filename != fires {
						t.Errorf("%s: finding in %q, want %q", d, d.Subject.Filename, fires)
					}
				}
			}
			got = uniq(got)
			want := wantLines(t, fires)
			if len(want) == 0 {
				t.Fatalf("%s marks no line with # want", fires)
			}
			if !equalInts(got, want) {
				t.Errorf("%s: findings on lines %v, want %v", fires, got, want)
			}
			quiet := filepath.Join(dir, "quiet.hcl")
			for _, d := range lintFile(t, quiet) {
				if d.Code == r.ID {
					t.Errorf("%s: unexpected finding %s", quiet, d)
				}
			}
		})
	}
}

// uniq sorts lines and drops repeats: two findings on one line match one `# want`.
func uniq(a []int) []int {
	sort.Ints(a)
	var out []int
	for i, n := range a {
		if i == 0 || n != a[i-1] {
			out = append(out, n)
		}
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Every rule is documented and has a stable, unique kebab-case id.
func TestRuleMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All {
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if !diag.IsCode(r.ID) {
			t.Errorf("rule id %q is not kebab-case", r.ID)
		}
		if r.Summary == "" || r.Rationale == "" || r.Fix == "" || r.Category == "" || (r.check == nil) != r.Compiler {
			t.Errorf("rule %s lacks a summary, rationale, fix or category, or has a check and is the compiler's (or neither)", r.ID)
		}
		if _, err := os.Stat(filepath.Join("testdata", r.ID+"")); err != nil {
			t.Errorf("rule %s has no testdata: %v", r.ID, err)
		}
		if _, err := os.Stat("rule_" + strings.ReplaceAll(r.ID, "-", "_") + ".go"); err != nil {
			t.Errorf("rule %s is not in its own file rule_%s.go", r.ID, strings.ReplaceAll(r.ID, "-", "_"))
		}
	}
	if len(All) < 25 {
		t.Errorf("%d rules; the linter promises at least 25", len(All))
	}
}

var update = flag.Bool("update", false, "rewrite docs/rules.md")

// docs/rules.md is generated from the rules; `go test ./lint -update` (make golden) rewrites it.
func TestRulesDoc(t *testing.T) {
	path := filepath.Join("..", "docs", "rules.md")
	want := Markdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("docs/rules.md is out of date: run make golden")
	}
	for _, r := range All {
		if !strings.Contains(want, "### "+r.ID+"\n") || Example(r.ID, "fires") == "" {
			t.Errorf("rule %s is missing from the docs or has no example", r.ID)
		}
	}
}

// TestFixNamesTheFinding: a fix shown with a finding names what was found, not the
// rule's example (a finding on input.note does not suggest quoting ci.branch).
func TestFixNamesTheFinding(t *testing.T) {
	for _, c := range []struct{ file, code, want string }{
		{"testdata/untrusted-in-script/fires.hcl", "untrusted-in-script", `"${input.note}"`},
		{"testdata/deploy-image-digest/fires.hcl", "deploy-image-digest", `image = "ghcr.io/acme/helm:3.15@sha256:...`},
	} {
		found := false
		for _, d := range lintFile(t, c.file) {
			if d.Code == c.code && strings.Contains(d.Detail, c.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %s finding whose fix holds %s", c.file, c.code, c.want)
		}
	}
}

// TestReadmeCountsTheRules holds the number README.md gives ("its N rules") to the rules
// there are: it said 34, then 50, while the list grew and shrank under it.
func TestReadmeCountsTheRules(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "its " + strconv.Itoa(len(IDs())) + " rules"
	if !strings.Contains(strings.Join(strings.Fields(string(data)), " "), want) {
		t.Errorf("README.md does not say %q", want)
	}
}
