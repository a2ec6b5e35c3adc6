package hcl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
)

// got renders diagnostics as "code line:col" for comparison.
func got(ds diag.Diagnostics) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("%s %d:%d", d.Code, d.Subject.Start.Line, d.Subject.Start.Column)
	}
	return out
}

// inStage wraps stage lines into a pipeline: the first line of body is line 3.
func inStage(body string) string {
	return "pipeline \"p\" {\n  stage \"a\" {\n" + body + "\n  }\n}\n"
}

func TestBrokenInputs(t *testing.T) {
	cases := []struct {
		name   string
		src    string
		want   []string // "code line:col", in order
		detail string   // a substring of the first diagnostic's detail
	}{
		{
			name:   "branches_ignore",
			src:    "pipeline \"p\" {\n  on {\n    push {\n      branches_ignore = [\"dev\"]\n    }\n  }\n}\n",
			want:   []string{"unknown-attribute 4:7"},
			detail: `!-globs in branches, after a glob that matches them: branches ["**", "!dev"]`,
		},
		{
			name:   "=~ in a condition",
			src:    inStage("    when = ci.branch =~ \"x\"\n    step \"x\" {\n      run = \"y\"\n    }"),
			want:   []string{"bad-expression 3:22"},
			detail: "compare with ==, not =",
		},
		{
			name:   "~= in a condition",
			src:    inStage("    when = ci.branch ~= \"x\"\n    step \"x\" {\n      run = \"y\"\n    }"),
			want:   []string{"bad-expression 3:22"},
			detail: "conditions use ==",
		},
		{
			name:   "invalid UTF-8 in a string",
			src:    inStage("    step \"x\" {\n      run = \"echo \xff\"\n    }"),
			want:   []string{"syntax 4:19"},
			detail: "save the file as UTF-8",
		},
		{
			name:   "invalid UTF-8 in a comment",
			src:    inStage("    # \xc3\xa9 \xfe"),
			want:   []string{"syntax 3:9"},
			detail: "save the file as UTF-8",
		},
		{
			name:   "invalid UTF-8 in a name",
			src:    inStage("    st\xffep \"x\" {\n      run = \"y\"\n    }"),
			want:   []string{"syntax 3:7"},
			detail: "save the file as UTF-8",
		},
		{
			name:   "invalid UTF-8 in a label",
			src:    inStage("    step \"x\xff\" {\n      run = \"y\"\n    }"),
			want:   []string{"syntax 3:12"},
			detail: "save the file as UTF-8",
		},
		{
			name:   "invalid UTF-8 in a heredoc",
			src:    inStage("    step \"x\" {\n      run = <<EOT\n  echo \xff\n  EOT\n    }"),
			want:   []string{"syntax 5:8"},
			detail: "save the file as UTF-8",
		},
		{
			name:   "a NUL byte",
			src:    inStage("    step \"x\" {\n      run = \"echo \x00\"\n    }"),
			want:   []string{"syntax 4:19"},
			detail: "NUL",
		},
		{
			name:   "and in a condition",
			src:    inStage(`    when = ci.tag == "" and ci.branch == "a"`),
			want:   []string{"bad-expression 3:25"},
			detail: "did you mean &&?",
		},
		{
			name:   "or in a condition",
			src:    inStage(`    when = ci.tag == "" or ci.branch == "a"`),
			want:   []string{"bad-expression 3:25"},
			detail: "did you mean ||?",
		},
		{
			name:   "not in a condition",
			src:    inStage(`    when = ci.tag == "" && not ci.branch`),
			want:   []string{"bad-expression 3:28"},
			detail: "did you mean !?",
		},
		{
			name:   "and after another attribute",
			src:    inStage(`    image = "a" and "b"`),
			want:   []string{"syntax 3:17"},
			detail: "must end with a newline",
		},
		{
			name:   "unknown attribute typo",
			src:    inStage(`    needz = ["b"]`),
			want:   []string{"unknown-attribute 3:5"},
			detail: `did you mean "needs"?`,
		},
		{
			name:   "unknown block typo",
			src:    inStage(`    stpe "x" { run = "x" }`),
			want:   []string{"unknown-block 3:5"},
			detail: `did you mean "step"?`,
		},
		{
			name:   "attribute written as a block",
			src:    inStage(`    env { A = "b" }`),
			want:   []string{"unknown-block 3:5"},
			detail: `"env" is an attribute here`,
		},
		{
			name:   "block written as an attribute",
			src:    inStage(`    matrix = { axes = {} }`),
			want:   []string{"unknown-attribute 3:5"},
			detail: `"matrix" is a block here`,
		},
		{
			// The scanner reads the rest of the file with its quotes inverted: every
			// line break after it was one more error.
			name: "unclosed string",
			src: inStage("    step \"x\" {\n      run = \"make\n    }\n  }\n  stage \"b\" {\n" +
				"    step \"y\" {\n      run = \"make test\"\n    }"),
			want:   []string{"syntax 4:18"},
			detail: "Quoted strings may not be split over multiple lines",
		},
		{
			name:   "attribute without its equals sign",
			src:    inStage("    image \"golang:1.23\"\n    step \"x\" { run = \"x\" }"),
			want:   []string{"syntax 3:5"},
			detail: `write image = "golang:1.23"`,
		},
		{
			name:   "block with its brace on the next line",
			src:    "pipeline \"p\" {\n  stage \"a\"\n  {\n  }\n}\n",
			want:   []string{"syntax 2:12"},
			detail: `starting on the same line as the block header`,
		},
		{
			// HCL reports it at the end of the file, where there is nothing to see.
			name:   "unclosed heredoc",
			src:    inStage("    step \"x\" {\n      run = <<-EOT\n        make\n        EOF\n    }"),
			want:   []string{"syntax 4:13"},
			detail: "end it with a line holding only EOT",
		},
		{
			name:   "unclosed interpolation",
			src:    inStage("    step \"x\" {\n      run = \"make ${ci.sha\"\n    }\n    step \"y\" {\n      run = \"${}\"\n    }"),
			want:   []string{"syntax 4:14"},
			detail: "no closing brace for this interpolation",
		},
		{
			name:   "labeled block written as an attribute",
			src:    inStage(`    step = { unit = { run = "x" } }`),
			want:   []string{"unknown-attribute 3:5"},
			detail: `"step" is a block here: write step "NAME" { ... }`,
		},
		{
			name:   "unknown attribute without a close name",
			src:    "pipeline \"p\" {\n  on {\n    push { xyzzy = [] }\n  }\n}\n",
			want:   []string{"unknown-attribute 3:12"},
			detail: `push accepts "branches", "tags", "paths" or "paths_ignore"`,
		},
		{
			name:   "missing required run",
			src:    inStage(`    step "build" {}`),
			want:   []string{"missing-attribute 3:5"},
			detail: `step "build" must set "run"`,
		},
		{
			name: "missing required vault attributes",
			src:  "pipeline \"p\" {\n  vault {\n  }\n}\n",
			want: []string{"missing-attribute 2:3", "missing-attribute 2:3"},
		},
		{
			name:   "missing label",
			src:    "pipeline \"p\" {\n  stage {}\n}\n",
			want:   []string{"missing-label 2:3"},
			detail: `write stage "NAME" { ... }`,
		},
		{
			name: "extra label",
			src:  "pipeline \"p\" {\n  stage \"a\" \"b\" {\n    step \"s\" { run = \"x\" }\n  }\n}\n",
			want: []string{"extra-label 2:13"},
		},
		{
			name: "label on a block that takes none",
			src:  "pipeline \"p\" {\n  defaults \"x\" {}\n}\n",
			want: []string{"extra-label 2:12"},
		},
		{
			name: "duplicate singleton",
			src:  "pipeline \"p\" {\n  on {}\n  on {}\n}\n",
			want: []string{"duplicate-block 3:3"},
		},
		{
			name: "duplicate matrix",
			src:  inStage("    matrix { axes = { a = [1] } }\n    matrix { axes = { a = [2] } }"),
			want: []string{"duplicate-block 4:5"},
		},
		{
			name: "duplicate attribute",
			src:  "pipeline \"p\" {\n  description = \"a\"\n  description = \"b\"\n}\n",
			want: []string{"duplicate-attribute 3:3"},
		},
		{
			name:   "needs as a string",
			src:    inStage(`    needs = "lint"`),
			want:   []string{"wrong-type 3:13"},
			detail: `write needs = ["..."]`,
		},
		{
			name: "number where a string goes",
			src:  "pipeline \"p\" {\n  description = 5\n}\n",
			want: []string{"wrong-type 2:17"},
		},
		{
			name: "non-string list element",
			src:  inStage(`    needs = ["a", 5]`),
			want: []string{"wrong-type 3:19"},
		},
		{
			name: "quoted bool",
			src:  inStage(`    allow_failure = "true"`),
			want: []string{"wrong-type 3:21"},
		},
		{
			name: "fractional retries",
			src:  inStage(`    retries = 1.5`),
			want: []string{"wrong-type 3:15"},
		},
		{
			name: "interpolation in needs",
			src:  inStage(`    needs = ["${ci.branch}"]`),
			want: []string{"interpolation-not-allowed 3:17"},
		},
		{
			name: "interpolation in a schedule cron",
			src:  "pipeline \"p\" {\n  on {\n    schedule \"s\" { cron = \"${x.y}\" }\n  }\n}\n",
			want: []string{"interpolation-not-allowed 3:30"},
		},
		{
			name:   "bad duration",
			src:    inStage(`    timeout = "5x"`),
			want:   []string{"bad-duration 3:15"},
			detail: "unknown unit",
		},
		{
			name: "syntax error: unclosed brace",
			src:  "pipeline \"p\" {\n  stage \"a\" {\n",
			want: []string{"syntax 2:13"},
		},
		{
			name: "no pipeline",
			src:  "# nothing here\n",
			want: []string{"missing-pipeline 1:1"},
		},
		{
			name: "empty file",
			src:  "",
			want: []string{"missing-pipeline 1:1"},
		},
		{
			name: "two pipelines",
			src:  "pipeline \"a\" {}\npipeline \"b\" {}\n",
			want: []string{"multiple-pipelines 2:1"},
		},
		{
			// The typo says "did you mean": the pipeline it should have been is not
			// reported missing as well.
			name:   "misspelled pipeline block",
			src:    "pipelin \"a\" {}\n",
			want:   []string{"unknown-block 1:1"},
			detail: `did you mean "pipeline"?`,
		},
		{
			// A name close to none (another tool's word for it) may stand for any
			// block the file takes: the pipeline is not reported missing as well.
			name:   "unknown top-level block",
			src:    "workflow \"a\" {}\n",
			want:   []string{"unknown-block 1:1"},
			detail: `the file accepts the blocks "pipeline"`,
		},
		{
			name:   "misspelled required attribute",
			src:    inStage(`    step "build" { rnu = "make" }`),
			want:   []string{"unknown-attribute 3:20"},
			detail: `did you mean "run"?`,
		},
		{
			name: "top-level attribute",
			src:  "name = \"x\"\npipeline \"a\" {}\n",
			want: []string{"unknown-attribute 1:1"},
		},
		{
			name: "template directive",
			src:  inStage("    step \"s\" {\n      run = \"echo %{ if true }yes%{ endif }\"\n    }"),
			want: []string{"template-directive 4:19"},
		},
		{
			name: "for directive",
			src:  inStage("    image = \"%{ for x in [1] }${x}%{ endfor }\""),
			want: []string{"template-directive 3:14"},
		},
		{
			name:   "identity with two providers",
			src:    "pipeline \"p\" {\n  identity \"i\" {\n    aws {\n      role_arn = \"a\"\n      region = \"b\"\n    }\n    gcp {\n      workload_identity_provider = \"w\"\n      service_account = \"s\"\n    }\n  }\n}\n",
			want:   []string{"identity-provider 7:5"},
			detail: "one of aws, gcp, azure or oidc",
		},
		{
			name: "identity with no provider",
			src:  "pipeline \"p\" {\n  identity \"i\" {\n    service_connection = \"c\"\n  }\n}\n",
			want: []string{"identity-provider 2:3"},
		},
		{
			name:   "when with = instead of ==, as a string",
			src:    inStage(`    when = "ci.branch = \"main\""`),
			want:   []string{"bad-expression 3:23"},
			detail: "compare with ==, not =",
		},
		{
			name:   "when with = instead of ==, bare",
			src:    inStage(`    when = ci.branch = "main"`),
			want:   []string{"bad-expression 3:22"},
			detail: "compare with ==, not =", // as the CUE front end says, not HCL's "missing newline"
		},
		{
			name: "when with interpolation",
			src:  inStage(`    when = "${ci.branch}"`),
			want: []string{"interpolation-not-allowed 3:15"},
		},
		{
			name: "condition where a reference goes",
			src:  inStage(`    image = ci.branch == "main"`),
			want: []string{"bad-reference 3:13"},
		},
		{
			name: "bad reference in a template",
			src:  inStage(`    image = "x:${upper(ci.branch)}"`),
			want: []string{"bad-reference 3:18"},
		},
		{
			name: "duplicate env key",
			src:  inStage(`    env = { A = "1", A = "2" }`),
			want: []string{"duplicate-key 3:22"},
		},
		{
			name: "null env value",
			src:  inStage(`    env = { A = null }`),
			want: []string{"wrong-type 3:17"},
		},
		{
			name: "env as a list",
			src:  inStage(`    env = ["A=1"]`),
			want: []string{"wrong-type 3:11"},
		},
		{
			name: "matrix axis of maps",
			src:  inStage(`    matrix { axes = { os = [{ a = 1 }] } }`),
			want: []string{"wrong-type 3:29"},
		},
		{
			name: "reference in a native value",
			src:  inStage(`    native "github" { x = ci.branch }`),
			want: []string{"wrong-type 3:27"},
		},
		{
			name: "nested block in native",
			src:  inStage("    native \"github\" {\n      permissions { id-token = \"write\" }\n    }"),
			want: []string{"unknown-block 4:7"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := Parse("pipeline.hcl", []byte(c.src))
			if g := got(ds); strings.Join(g, "; ") != strings.Join(c.want, "; ") {
				t.Fatalf("diagnostics = %q, want %q\n%s", g, c.want, render(ds, c.src))
			}
			if c.detail != "" && !strings.Contains(ds[0].Detail, c.detail) {
				t.Errorf("detail = %q, want it to contain %q", ds[0].Detail, c.detail)
			}
			for _, d := range ds {
				checkSummary(t, d)
			}
		})
	}
}

// checkSummary holds every diagnostic to the house style.
func checkSummary(t *testing.T, d *diag.Diagnostic) {
	t.Helper()
	if d.Summary == "" || strings.HasSuffix(d.Summary, ".") || strings.ToLower(d.Summary[:1]) != d.Summary[:1] {
		t.Errorf("summary %q: want lowercase, no trailing period", d.Summary)
	}
	if d.Subject.Filename != "pipeline.hcl" {
		t.Errorf("subject file = %q", d.Subject.Filename)
	}
}

func render(ds diag.Diagnostics, src string) string {
	var b strings.Builder
	diag.WriteText(&b, ds, diag.Sources{"pipeline.hcl": []byte(src)})
	return b.String()
}

func TestRelatedNotes(t *testing.T) {
	src := "pipeline \"p\" {\n  on {}\n  on {}\n}\npipeline \"q\" {}\n"
	_, ds := Parse("pipeline.hcl", []byte(src))
	if len(ds) != 2 {
		t.Fatalf("got %q", got(ds))
	}
	for _, d := range ds {
		if len(d.Related) != 1 || d.Related[0].Message != "first declared here" {
			t.Errorf("%s: related = %+v", d.Code, d.Related)
		}
	}
	eq(t, "duplicate on first at", at(ds[0].Related[0].Subject), "2:3")
	eq(t, "first pipeline at", at(ds[1].Related[0].Subject), "1:1")
}

func TestDuplicateAttributeNote(t *testing.T) {
	src := inStage("    step \"s\" {\n      run = \"a\"\n      run = \"b\"\n    }")
	_, ds := Parse("pipeline.hcl", []byte(src))
	eq(t, "diagnostics", strings.Join(got(ds), "; "), "duplicate-attribute 5:7")
	if len(ds) == 1 && len(ds[0].Related) == 1 {
		eq(t, "first set at", at(ds[0].Related[0].Subject), "4:7")
	} else {
		t.Errorf("want one note on the duplicate: %+v", ds)
	}
}

func TestManyProblemsInOneRun(t *testing.T) {
	src := `pipeline "p" {
  descripton = "typo"
  on {
    push { branches = "main" }
  }
  stage "a" {
    needs   = ["${ci.branch}"]
    timeout = "ten minutes"
    step "s" {}
    stpe "t" { run = "x" }
  }
  stage "b" {
    when = ci.branch = "main"
  }
}
`
	p, ds := Parse("pipeline.hcl", []byte(src))
	// The bare `=` in stage b is a syntax error (shown as the bad-expression it is), and a
	// syntax error stops decoding; without it every other problem is reported together.
	eq(t, "with a syntax error", strings.Join(got(ds), "; "), "bad-expression 13:22")
	if p != nil {
		t.Error("a file with a syntax error decodes to nil")
	}

	src = strings.Replace(src, `ci.branch = "main"`, `ci.branch == "main" &&`, 1)
	src = strings.Replace(src, `    when = ci.branch == "main" &&`, `    when = "ci.branch == \"main\" &&"`, 1)
	p, ds = Parse("pipeline.hcl", []byte(src))
	want := []string{
		"unknown-attribute 2:3",
		"wrong-type 4:23",
		"interpolation-not-allowed 7:19",
		"bad-duration 8:15",
		"missing-attribute 9:5",
		"unknown-block 10:5",
		"bad-expression 13:35", // escapes in the string shift positions after them,
	}
	if g := got(ds); strings.Join(g, "; ") != strings.Join(want, "; ") {
		t.Fatalf("diagnostics = %q, want %q\n%s", g, want, render(ds, src))
	}
	if p == nil || len(p.Stages) != 2 || p.Stages[0].Steps[0].Name != "s" {
		t.Errorf("the model should still hold what could be decoded: %+v", p)
	}
}
