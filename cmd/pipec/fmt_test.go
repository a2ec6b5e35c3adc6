package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/goccy/go-yaml"
	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/targets/all"
)

// commentLine finds a comment at the end of a line (or alone on it) in HCL and CUE.
var commentLine = regexp.MustCompile(`(?:#|//)[^"]*$`)

// commentsOf lists each line's trailing comment, trimmed, in order.
func commentsOf(src []byte) []string {
	var out []string
	for _, line := range strings.Split(string(src), "\n") {
		if c := commentLine.FindString(line); c != "" {
			out = append(out, strings.TrimSpace(c))
		}
	}
	return out
}

// compiled is what generate writes for a spec: every target's YAML when it compiles, or
// the diagnostics' codes and lines when it does not.
func compiled(t *testing.T, path string) string {
	t.Helper()
	files, err := readSpec(path)
	if err != nil {
		t.Fatal(err)
	}
	outs, ds, err := build(files, all.Targets, compile.Options{}, nil) // no digest: formatting changes the bytes hashed, not the output
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, o := range outs {
		b.WriteString("# " + o.path + "\n")
		b.Write(o.data)
	}
	for _, d := range ds {
		b.WriteString(d.Code + " " + d.Summary + "\n")
	}
	return b.String()
}

// TestFmtTestdata formats a copy of every golden spec (HCL and CUE; JSON in
// TestFmtJSONTwins) with the command: the first run rewrites only what was not formatted,
// a second run changes nothing, every comment is still there, and what pipec generates
// from the spec is the same before and after. Specs with a syntax error are refused and
// left as they were.
func TestFmtTestdata(t *testing.T) {
	specs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "pipeline.hcl"))
	cues, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "pipeline.cue"))
	specs = append(specs, cues...)
	if len(specs) < 40 {
		t.Fatalf("only %d golden specs", len(specs))
	}
	for _, spec := range specs {
		name := filepath.Base(filepath.Dir(spec)) + "/" + filepath.Base(spec)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			path := filepath.Join(dir, filepath.Base(spec))
			writeFile(t, "", path, string(src))
			before := compiled(t, path)

			r := pipec(t, "fmt", path)
			if strings.Contains(name, "syntax") {
				got, _ := os.ReadFile(path)
				if r.code != exitSpec || !strings.Contains(r.stderr, "[syntax]") || !bytes.Equal(got, src) {
					t.Errorf("a file with a syntax error: want exit 1, the error, and the file unchanged:\n%s", r)
				}
				return
			}
			if r.code != exitOK {
				t.Fatalf("fmt:\n%s", r)
			}
			once, _ := os.ReadFile(path)
			if changed := !bytes.Equal(once, src); changed != (r.stdout != "") {
				t.Errorf("the file changed: %v, but stdout says %q", changed, r.stdout)
			}
			if r := pipec(t, "fmt", "--check", path); r.code != exitOK || r.stdout != "" {
				t.Errorf("--check after fmt:\n%s", r)
			}
			if r := pipec(t, "fmt", path); r.code != exitOK || r.stdout != "" {
				t.Errorf("a second fmt changed the file:\n%s", r)
			}
			if twice, _ := os.ReadFile(path); !bytes.Equal(once, twice) {
				t.Errorf("fmt is not idempotent:\n%s", twice)
			}
			if got, want := commentsOf(once), commentsOf(src); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("comments changed:\n got %q\nwant %q", got, want)
			}
			if after := compiled(t, path); after != before {
				t.Errorf("formatting changed what pipec generates:\n--- before\n%s\n--- after\n%s", before, after)
			}
		})
	}
}

const messyHCL = `pipeline "p" {
  on {
      push {}
  }
  stage "build" {
    step "make" {
    run = "make"   # all of it
      timeout="5m"
    }
  }
}
`

const tidyHCL = `pipeline "p" {
  on {
    push {}
  }
  stage "build" {
    step "make" {
      run     = "make" # all of it
      timeout = "5m"
    }
  }
}
`

func TestFmtCheckAndWrite(t *testing.T) {
	dir := t.TempDir()
	messy := filepath.Join(dir, "messy.hcl")
	tidy := filepath.Join(dir, "tidy.hcl")
	writeFile(t, "", messy, messyHCL)
	writeFile(t, "", tidy, tidyHCL)
	if err := os.Chmod(messy, 0o600); err != nil {
		t.Fatal(err)
	}
	tidyInfo, _ := os.Stat(tidy)

	r := pipec(t, "fmt", "--check", messy, tidy)
	if r.code != exitSpec || r.stdout != filepath.ToSlash(messy)+"\n" || r.stderr != "" {
		t.Errorf("--check: want exit 1 and the messy file's name alone:\n%s", r)
	}
	if got, _ := os.ReadFile(messy); string(got) != messyHCL {
		t.Error("--check changed a file")
	}

	r = pipec(t, "fmt", messy, tidy)
	if r.code != exitOK || r.stdout != filepath.ToSlash(messy)+"\n" {
		t.Errorf("fmt: want exit 0 and the changed file's name:\n%s", r)
	}
	if got, _ := os.ReadFile(messy); string(got) != tidyHCL {
		t.Errorf("formatted:\n%s\nwant:\n%s", got, tidyHCL)
	}
	if fi, _ := os.Stat(messy); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the file's own 0600", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(tidy); !fi.ModTime().Equal(tidyInfo.ModTime()) {
		t.Error("an already formatted file was rewritten")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// A spec reached through a symbolic link is formatted where it lives; the link stays.
func TestFmtSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.hcl")
	link := filepath.Join(dir, "pipeline.hcl")
	writeFile(t, "", real, messyHCL)
	if err := os.Symlink("real.hcl", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if r := pipec(t, "fmt", link); r.code != exitOK {
		t.Fatalf("%s", r)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if got, _ := os.ReadFile(real); string(got) != tidyHCL {
		t.Errorf("the linked file was not formatted:\n%s", got)
	}
}

// A file with a syntax error is reported with its position and left alone; the other
// files are still formatted.
func TestFmtSyntaxError(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.cue")
	messy := filepath.Join(dir, "messy.hcl")
	writeFile(t, "", bad, "pipeline: p: {\n\tstage: s: needs: [\"a\" \"b\"]\n}\n")
	writeFile(t, "", messy, messyHCL)
	r := pipec(t, "fmt", bad, messy)
	if r.code != exitSpec || !strings.Contains(r.stderr, filepath.ToSlash(bad)+":2:") || !strings.Contains(r.stderr, "[syntax]") ||
		!strings.Contains(r.stderr, "the file is not changed") || r.stdout != filepath.ToSlash(messy)+"\n" {
		t.Errorf("want exit 1, the syntax error at its line, and the other file formatted:\n%s", r)
	}
	if got, _ := os.ReadFile(bad); !strings.Contains(string(got), `["a" "b"]`) {
		t.Error("the file with a syntax error was changed")
	}
}

func TestFmtJSONAndYAML(t *testing.T) {
	dir := t.TempDir()
	js := filepath.Join(dir, "pipeline.json")
	ym := filepath.Join(dir, "pipeline.yaml")
	writeFile(t, "", js, `{"pipeline": {"p": {"on": {"push": {}}, "stage": {"b": {"step": {"s": {"run": "make"}}}}}}}`)
	writeFile(t, "", ym, "pipeline:\n    p:   # odd indent, kept\n        on: {push: {}}\n")
	before := compiled(t, js)
	r := pipec(t, "fmt", js, ym)
	if r.code != exitOK || r.stdout != filepath.ToSlash(js)+"\n" || !strings.Contains(r.stderr, filepath.ToSlash(ym)+": not formatted: pipec does not format YAML") {
		t.Errorf("want the JSON formatted and a note for the YAML:\n%s", r)
	}
	if got, _ := os.ReadFile(js); !strings.HasPrefix(string(got), "{\n  \"pipeline\": {\n    \"p\": {\n      \"on\": {\n") {
		t.Errorf("JSON not indented:\n%s", got)
	}
	if after := compiled(t, js); after != before {
		t.Errorf("formatting changed what pipec generates:\n%s\n%s", before, after)
	}
	if got, _ := os.ReadFile(ym); !strings.Contains(string(got), "    p:   # odd indent, kept") {
		t.Error("the YAML file was changed")
	}
	if r := pipec(t, "fmt", "--check", ym); r.code != exitOK || r.stdout != "" {
		t.Errorf("--check on YAML: a file pipec does not format is not listed:\n%s", r)
	}
}

func TestFmtUsage(t *testing.T) {
	dir := t.TempDir()
	messy := filepath.Join(dir, "messy.hcl")
	writeFile(t, "", messy, messyHCL)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"fmt", "--chek"}, "unknown flag: --chek"},
		{[]string{"fmt", messy, filepath.Join(dir, "notes.txt")}, `notes.txt: unsupported spec format (".txt")`},
		{[]string{"fmt", ""}, "the spec file name is empty"},
		{[]string{"fmt", messy, "-"}, "standard input is formatted alone: give - as the only FILE"},
		{[]string{"fmt", "--stdin-filename", "a.hcl"}, "standard input is formatted alone: give - as the only FILE"},
		{[]string{"fmt", "-", "--stdin-filename", "notes.txt"}, `--stdin-filename notes.txt: unsupported spec format (".txt")`},
		{[]string{"fmt", filepath.Join(dir, "missing.hcl")}, "no such file or directory"},
	} {
		r := pipec(t, c.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: want exit 2 and %q:\n%s", c.args, c.want, r)
		}
	}
	// A bad name anywhere stops the run before any file is written.
	if got, _ := os.ReadFile(messy); string(got) != messyHCL {
		t.Error("a file was formatted although another argument was a usage error")
	}
	if r := pipec(t, "fmt", "-h"); r.code != exitOK || !strings.Contains(r.stdout, "pipec fmt [FILE...]") {
		t.Errorf("-h:\n%s", r)
	}
}

// TestFmtCUEPackage formats every file of a CUE spec made of a package (stages.cue beside
// pipeline.cue) when the spec is named by its directory, a pattern or nothing, as
// generate reads it; a file named on its own is formatted alone. `pipec fmt --check ./...`
// passed while stages.cue was not formatted.
func TestFmtCUEPackage(t *testing.T) {
	const (
		main   = "package p\n\npipeline: x: {\n\ton: push: {}\n}\n"
		messy  = "package p\n\npipeline: x: stage: a:   {step: s: run:    \"echo\"}\n"
		tidy   = "package p\n\npipeline: x: stage: a: {step: s: run: \"echo\"}\n"
		notPkg = "package q\n\nx:   1\n"
	)
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"fmt", "--check"}, "stages.cue\n"},
		{[]string{"fmt", "--check", "."}, "stages.cue\n"},
		{[]string{"fmt", "--check", "./..."}, "stages.cue\nsvc/stages.cue\n"},
		{[]string{"fmt", "--check", "svc/..."}, "svc/stages.cue\n"},
	} {
		writeFile(t, "", "pipeline.cue", main)
		writeFile(t, "", "stages.cue", messy)
		writeFile(t, "", "other.cue", notPkg)
		writeFile(t, "", "svc/pipeline.cue", main)
		writeFile(t, "", "svc/stages.cue", messy)
		if r := pipec(t, c.args...); r.code != exitSpec || r.stdout != c.want {
			t.Errorf("%v: want exit 1 and %q:\n%s", c.args, c.want, r)
		}
	}
	if r := pipec(t, "fmt", "pipeline.cue"); r.code != exitOK || r.stdout != "" {
		t.Errorf("a file named on its own is formatted alone:\n%s", r)
	}
	if r := pipec(t, "fmt"); r.code != exitOK || r.stdout != "stages.cue\n" {
		t.Errorf("fmt: want stages.cue formatted:\n%s", r)
	}
	if got := readFile(t, "stages.cue"); got != tidy {
		t.Errorf("stages.cue:\n%s\nwant:\n%s", got, tidy)
	}
	if got := readFile(t, "other.cue"); got != notPkg {
		t.Error("a .cue file of another package, which the spec does not read, was formatted")
	}
}

// hostileLayouts rewrites an HCL spec's layout in ways a user's editor might, keeping its
// tokens: a /* c */ comment after every brace, bracket, comma and "=" outside strings, a
// # c comment at the end of every line, tab indentation, no indentation with odd spacing
// around "=", and CRLF line endings. Heredoc lines are left as they are (their text is
// the script).
func hostileLayouts(src []byte) map[string][]byte {
	toks, _ := hclsyntax.LexConfig(src, "pipeline.hcl", hclv2.InitialPos)
	inString := 0
	heredoc := map[int]bool{} // lines inside a heredoc, from 1
	var block, line bytes.Buffer
	last := 0
	for i, tk := range toks {
		switch tk.Type {
		case hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
			inString++
		case hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
			inString--
		}
		if tk.Type == hclsyntax.TokenOHeredoc {
			for j := i; j < len(toks) && toks[j].Type != hclsyntax.TokenCHeredoc; j++ {
				for l := toks[j].Range.Start.Line + 1; l <= toks[j].Range.End.Line; l++ {
					heredoc[l] = true
				}
			}
		}
		block.Write(src[last:tk.Range.End.Byte])
		line.Write(src[last:tk.Range.End.Byte])
		last = tk.Range.End.Byte
		if inString > 0 {
			continue
		}
		switch tk.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenCBrack, hclsyntax.TokenComma, hclsyntax.TokenEqual:
			block.WriteString(" /* c */ ")
		}
		// Not after a heredoc's opening marker, which must end its line.
		if i+1 < len(toks) && toks[i+1].Type == hclsyntax.TokenNewline && tk.Type != hclsyntax.TokenComment &&
			tk.Type != hclsyntax.TokenNewline && tk.Type != hclsyntax.TokenOHeredoc {
			line.WriteString(" # c")
		}
	}
	block.Write(src[last:])
	line.Write(src[last:])
	var tabs, flat []string
	for i, l := range strings.Split(string(src), "\n") {
		if heredoc[i+1] {
			tabs, flat = append(tabs, l), append(flat, l)
			continue
		}
		text := strings.TrimLeft(l, " ")
		tabs = append(tabs, strings.Repeat("\t", (len(l)-len(text))/2)+text)
		flat = append(flat, strings.ReplaceAll(text, " = ", "   =\t"))
	}
	return map[string][]byte{
		"block comments": block.Bytes(),
		"line comments":  line.Bytes(),
		"tabs":           []byte(strings.Join(tabs, "\n")),
		"flat":           []byte(strings.Join(flat, "\n")),
		"crlf":           bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n")),
	}
}

// TestFmtHostileLayouts formats every golden HCL spec and shared example laid out as
// hostileLayouts does: fmt accepts each, a second pass changes nothing, no comment is
// lost, and what pipec generates is what it generates from the original. A layout that
// itself changes what the spec compiles to (a comment inside a condition's text) is
// passed over; most are not.
func TestFmtHostileLayouts(t *testing.T) {
	specs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "pipeline.hcl"))
	examples, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "examples", "*.hcl"))
	specs = append(specs, examples...)
	var checked, passed atomic.Int64
	t.Run("specs", func(t *testing.T) {
		for _, spec := range specs {
			if strings.Contains(spec, "syntax") {
				continue
			}
			t.Run(filepath.Base(filepath.Dir(spec))+"/"+filepath.Base(spec), func(t *testing.T) {
				t.Parallel()
				src, err := os.ReadFile(spec)
				if err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				want := compiled(t, writeFile(t, dir, "orig/pipeline.hcl", string(src)))
				for name, layout := range hostileLayouts(src) {
					path := writeFile(t, dir, strings.ReplaceAll(name, " ", "-")+"/pipeline.hcl", string(layout))
					if compiled(t, path) != want {
						passed.Add(1)
						continue
					}
					checked.Add(1)
					if r := pipec(t, "fmt", path); r.code != exitOK {
						t.Errorf("%s: fmt refused it:\n%s", name, r)
						continue
					}
					once := readFile(t, path)
					if r := pipec(t, "fmt", path); r.code != exitOK || r.stdout != "" {
						t.Errorf("%s: a second fmt changed the file:\n%s", name, r)
					}
					for _, c := range []string{"/* c */", "# c"} {
						if got, want := strings.Count(once, c), bytes.Count(layout, []byte(c)); got != want {
							t.Errorf("%s: %d comments %q after fmt, want %d", name, got, c, want)
						}
					}
					if got := compiled(t, path); got != want {
						t.Errorf("%s: formatting changed what pipec generates:\n--- before\n%s\n--- after\n%s", name, want, got)
					}
				}
			})
		}
	})
	if n, all := checked.Load(), checked.Load()+passed.Load(); n < all*3/4 {
		t.Errorf("only %d of %d layouts compile as the original does: hostileLayouts changes what specs say", n, all)
	}
}

// TestFmtJSONTwins formats a JSON spec made from each golden case's YAML twin, written on
// one line as a generator would: fmt re-indents it, a second pass changes nothing, and what
// pipec generates (or the errors it reports) is the same as from the one-line file.
func TestFmtJSONTwins(t *testing.T) {
	twins, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "pipeline.yaml"))
	if len(twins) < 5 {
		t.Fatalf("only %d YAML twins", len(twins))
	}
	for _, twin := range twins {
		t.Run(filepath.Base(filepath.Dir(twin)), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(twin)
			if err != nil {
				t.Fatal(err)
			}
			js, err := yaml.YAMLToJSON(src)
			if err != nil {
				t.Fatal(err)
			}
			path := writeFile(t, t.TempDir(), "pipeline.json", string(bytes.TrimSpace(js)))
			before := compiled(t, path)
			if r := pipec(t, "fmt", path); r.code != exitOK || r.stdout == "" {
				t.Fatalf("fmt: want the one-line file re-indented:\n%s", r)
			}
			if r := pipec(t, "fmt", "--check", path); r.code != exitOK || r.stdout != "" {
				t.Errorf("--check after fmt:\n%s", r)
			}
			if after := compiled(t, path); after != before {
				t.Errorf("formatting changed what pipec generates:\n--- before\n%s\n--- after\n%s", before, after)
			}
		})
	}
}

// fmt - formats standard input to standard output, as editors pipe a buffer through a
// formatter: HCL by default, the format of --stdin-filename's extension otherwise, and
// nothing on stdout (exit 1, the diagnostics named after the buffer) for a syntax error.
func TestFmtStdin(t *testing.T) {
	want := tidyHCL
	in := func(src string, args ...string) result {
		return pipecIn(t, console{stdin: strings.NewReader(src)}, append([]string{"fmt"}, args...)...)
	}
	if r := in(messyHCL, "-"); r.code != exitOK || r.stdout != want || r.stderr != "" {
		t.Errorf("fmt -: want exit 0 and the formatted text:\n%s", r)
	}
	if r := in(messyHCL, "-", "--check"); r.code != exitSpec || r.stdout != "<stdin>\n" {
		t.Errorf("fmt - --check: want exit 1 and the name:\n%s", r)
	}
	if r := in(want, "-", "--check"); r.code != exitOK || r.stdout != "" {
		t.Errorf("fmt - --check on formatted text: want exit 0 and nothing:\n%s", r)
	}
	if r := in(`{"pipeline": {"p": {}}}`, "--stdin-filename", "svc/pipeline.json", "-"); r.code != exitOK || r.stdout != "{\n  \"pipeline\": {\n    \"p\": {}\n  }\n}\n" {
		t.Errorf("fmt - as JSON:\n%s", r)
	}
	if r := in("a: 1 # kept\n", "-", "--stdin-filename", "pipeline.yaml"); r.code != exitOK || r.stdout != "a: 1 # kept\n" || !strings.Contains(r.stderr, "does not format YAML") {
		t.Errorf("fmt - as YAML: want the text as it came:\n%s", r)
	}
	r := in("pipeline \"p\" {\n  on {\n", "-", "--stdin-filename", "svc/pipeline.hcl")
	if r.code != exitSpec || r.stdout != "" || !strings.Contains(r.stderr, "svc/pipeline.hcl:2:6: error: ") || !strings.Contains(r.stderr, "[syntax]") {
		t.Errorf("fmt - with a syntax error: want exit 1, the diagnostics and nothing on stdout:\n%s", r)
	}
}
