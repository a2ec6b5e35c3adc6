package hcl

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// specFiles lists every HCL spec the tests have: the golden cases and the shared examples
// (when they are there).
func specFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "pipeline.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*/pipeline.hcl")
	}
	shared, _ := filepath.Glob(filepath.Join(examplesDir, "*.hcl"))
	return append(files, shared...)
}

// TestFormatIdempotent formats every spec twice: the second pass changes nothing, and
// every comment of the original is still there, in order.
func TestFormatIdempotent(t *testing.T) {
	for _, path := range specFiles(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out, ds := Format(path, src)
		if strings.Contains(path, "fail-hcl-syntax") {
			if out != nil || !ds.HasErrors() {
				t.Errorf("%s: a file with a syntax error was formatted", path)
			}
			continue
		}
		if ds.HasErrors() {
			t.Errorf("%s: %v", path, ds)
			continue
		}
		again, ds := Format(path, out)
		if ds.HasErrors() {
			t.Errorf("%s: formatted output does not format: %v", path, ds)
			continue
		}
		if !bytes.Equal(out, again) {
			t.Errorf("%s: formatting is not idempotent:\n--- once\n%s\n--- twice\n%s", path, out, again)
		}
		if got, want := comments(out), comments(src); !equalStrings(got, want) {
			t.Errorf("%s: comments changed:\n got %q\nwant %q", path, got, want)
		}
	}
}

// comments lists the text of every line's comment, trimmed: what a reader wrote.
func comments(src []byte) []string {
	var out []string
	for _, line := range strings.Split(string(src), "\n") {
		for _, marker := range []string{"#", "//"} {
			if i := strings.Index(line, marker); i >= 0 && !strings.Contains(line[:i], `"`) {
				out = append(out, strings.TrimSpace(line[i:]))
				break
			}
		}
	}
	return out
}

func equalStrings(a, b []string) bool {
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

func TestFormatLayout(t *testing.T) {
	src := "# the shop\r\npipeline \"x\" {\r\n on {\r\n push {}\r\n}\r\n  stage \"build\" {\r\n        # compile it\r\n  step \"make\" {\n run=\"make\"  # all\n    timeout =   \"5m\"\n  }\n }\n}\n"
	want := `# the shop
pipeline "x" {
  on {
    push {}
  }
  stage "build" {
    # compile it
    step "make" {
      run     = "make" # all
      timeout = "5m"
    }
  }
}
`
	got, ds := Format("pipeline.hcl", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestFormatKeepsHeredocs(t *testing.T) {
	src := "pipeline \"x\" {\n  stage \"s\" {\n    step \"a\" {\n      run = <<-EOT\n        echo  one\n          echo two   \n      EOT\n    }\n  }\n}\n"
	got, ds := Format("pipeline.hcl", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if string(got) != src {
		t.Errorf("a formatted file changed:\n%s", got)
	}
}

func TestFormatSyntaxError(t *testing.T) {
	src := "pipeline \"x\" {\n  stage \"s\" {\n    needs = [\"a\" \"b\"]\n  }\n}\n"
	got, ds := Format("p.hcl", []byte(src))
	if got != nil {
		t.Errorf("a file with a syntax error was formatted:\n%s", got)
	}
	if len(ds) != 1 {
		t.Fatalf("want one diagnostic, got %v", ds)
	}
	d := ds[0]
	if d.Code != "syntax" || d.Subject.Filename != "p.hcl" || d.Subject.Start.Line != 3 || d.Subject.Start.Column != 18 {
		t.Errorf("got %v at %v, want a syntax error at p.hcl:3:18", d, d.Subject)
	}
}

// A file HCL cannot parse is left alone whatever pipec calls the error: a platform's
// ${{ ... }} (bad-reference) was laid out as "${ { github.sha } }", changing the string,
// and an unclosed one (found by FuzzParse) made a file that formatted differently again.
func TestFormatRefusesWhatDoesNotParse(t *testing.T) {
	for _, c := range []struct{ src, code string }{
		{"pipeline \"x\" {\n  stage \"s\" {\n    step \"a\" { run = \"echo ${{ github.sha }}\" }\n  }\n}\n", "bad-reference"},
		{"A{#0\nA00=\"${{", "bad-reference"},
		{"pipeline \"x\" {\n  stage \"s\" {\n    when = ci.branch == \"a\" and ci.tag == \"b\"\n  }\n}\n", "bad-expression"},
	} {
		got, ds := Format("p.hcl", []byte(c.src))
		if got != nil || len(ds) == 0 || ds[0].Code != c.code {
			t.Errorf("%q: got %q and %v, want nothing and %s", c.src, got, ds, c.code)
		}
	}
}

// An attribute set twice is the decoder's error, not a syntax error: fmt formats the file
// and generate reports it.
func TestFormatDuplicateAttribute(t *testing.T) {
	src := "pipeline \"x\" {\n  stage \"s\" {\n    image = \"a\"\n    image =\"b\"\n  }\n}\n"
	got, ds := Format("p.hcl", []byte(src))
	if len(ds) != 0 {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
	if !strings.Contains(string(got), `    image = "b"`) {
		t.Errorf("not formatted:\n%s", got)
	}
}

func FuzzFormat(f *testing.F) {
	f.Add([]byte("pipeline \"x\" {\n on {\npush {}\n}\n}\n"))
	f.Add([]byte("a = <<EOT\nx\nEOT\n"))
	f.Add([]byte("a = [1,\n2]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, ds := Format("f.hcl", src)
		if ds.HasErrors() {
			if out != nil {
				t.Fatal("output with errors")
			}
			return
		}
		again, ds := Format("f.hcl", out)
		if ds.HasErrors() {
			t.Fatalf("formatted output has errors: %v\n%q", ds, out)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("not idempotent:\n%q\n%q", out, again)
		}
	})
}
