package diag

import (
	"io"
	"strings"
	"testing"
)

func TestWriteText(t *testing.T) {
	src := Sources{"p.hcl": []byte("stage \"a\" {\n  needs = [\"biuld\"]\n}\n")}
	var ds Diagnostics
	d := ds.Errorf(Range{Filename: "p.hcl", Start: Pos{Line: 2, Column: 12}, End: Pos{Line: 2, Column: 19}},
		"unknown-need", `did you mean "build"?`, "stage %q needs unknown stage %q", "a", "biuld")
	d.Related = append(d.Related, Note{Message: "declared here", Subject: Range{Filename: "p.hcl", Start: Pos{Line: 1, Column: 1}}})
	w := ds.Warnf(Range{Filename: "p.hcl", Start: Pos{Line: 1, Column: 1}}, "x", "", "a warning")
	w.Target = "github"
	var b strings.Builder
	WriteText(&b, ds, src)
	want := `p.hcl:2:12: error: stage "a" needs unknown stage "biuld" [unknown-need]
 2 |   needs = ["biuld"]
   |            ^~~~~~~
  did you mean "build"?
  p.hcl:1:1: note: declared here
p.hcl:1:1: warning: a warning [github/x]
 1 | stage "a" {
   | ^
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	if e, w := ds.Count(); e != 1 || w != 1 || !ds.HasErrors() {
		t.Errorf("count %d %d", e, w)
	}
	ds.Sort()
	if ds[0].Code != "x" {
		t.Errorf("sort by position: first is %s", ds[0].Code)
	}
}

func TestWriteTextSurvivesBadRanges(t *testing.T) {
	ds := Diagnostics{
		{Code: "a", Summary: "zero range"},
		{Code: "b", Summary: "past the end", Subject: Range{Filename: "p", Start: Pos{Line: 99, Column: 5}}},
		{Code: "c", Summary: "bad utf-8", Subject: Range{Filename: "p", Start: Pos{Line: 1, Column: 0}, End: Pos{Line: 3}}},
	}
	var b strings.Builder
	WriteText(&b, ds, Sources{"p": []byte("\xff\xfe bad\n")})
	if !strings.Contains(b.String(), "<unknown>: error: zero range [a]") {
		t.Error(b.String())
	}
}

func TestSuggest(t *testing.T) {
	cases := []struct {
		name  string
		cands []string
		want  string
	}{
		{"biuld", []string{"lint", "build", "test"}, "build"},
		{"Build", []string{"build"}, "build"},
		{"deploy", []string{"lint", "test"}, ""},
		{"stpe", []string{"step", "stage"}, "step"},
		{"x", []string{"y"}, "y"},
		{"linx", []string{"linux", "linux-arm64", "macos", "windows"}, "linux"},
	}
	for _, c := range cases {
		if got := Suggest(c.name, c.cands); got != c.want {
			t.Errorf("Suggest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	if List([]string{"a", "b", "c"}) != `"a", "b" or "c"` {
		t.Error(List([]string{"a", "b", "c"}))
	}
}

// A snippet never sends the spec's control characters to the terminal (an escape sequence
// in a hostile spec would be obeyed), and a long line shows only the part around the
// column, with the marker still under the subject.
func TestSnippetOfHostileLine(t *testing.T) {
	line := "x = \"\x1b]0;pwned\x07\x1b[31m\" " + strings.Repeat("a", 100000) + " bad " + strings.Repeat("b", 100000)
	var ds Diagnostics
	col := len("x = \"\x1b]0;pwned\x07\x1b[31m\" ") + 100000 + 2
	ds.Errorf(Range{Filename: "p", Start: Pos{Line: 1, Column: col}, End: Pos{Line: 1, Column: col + 3}}, "c", "", "s")
	ds.Errorf(Range{Filename: "p", Start: Pos{Line: 1, Column: 5}, End: Pos{Line: 1, Column: 6}}, "c", "", "s")
	var b strings.Builder
	WriteText(&b, ds, Sources{"p": []byte(line + "\n")})
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("control characters reach the output: %q", out)
	}
	lines := strings.Split(out, "\n")
	if len(lines) != 7 || len([]rune(lines[1])) > 260 || len([]rune(lines[4])) > 260 {
		t.Fatalf("snippets not shortened:\n%.600s", out)
	}
	for _, pair := range [][2]string{{lines[1], lines[2]}, {lines[4], lines[5]}} {
		src, mark := []rune(pair[0]), []rune(pair[1])
		at := strings.IndexRune(string(mark), '^')
		at = len([]rune(string(mark)[:at]))
		if at >= len(src) {
			t.Fatalf("marker past the line:\n%s\n%s", pair[0], pair[1])
		}
		if got := string(src[at:min(at+3, len(src))]); pair[0] == lines[1] && got != "bad" || pair[0] == lines[4] && got != "\"\uFFFD]" {
			t.Errorf("marker under %q:\n%s\n%s", got, pair[0], pair[1])
		}
	}
}

func TestWriteTextColor(t *testing.T) {
	var ds Diagnostics
	ds.Errorf(Range{Filename: "p.hcl", Start: Pos{Line: 1, Column: 1}}, "e", "", "an error")
	ds.Warnf(Range{Filename: "p.hcl", Start: Pos{Line: 2, Column: 1}}, "w", "", "a warning")
	ds = append(ds, &Diagnostic{Severity: Info, Code: "i", Summary: "a note", Subject: Range{Filename: "p.hcl", Start: Pos{Line: 3, Column: 1}}})
	var b strings.Builder
	WriteTextOptions(&b, ds, nil, TextOptions{Color: true})
	want := "p.hcl:1:1: \x1b[31merror\x1b[0m: an error [e]\n" +
		"p.hcl:2:1: \x1b[33mwarning\x1b[0m: a warning [w]\n" +
		"p.hcl:3:1: info: a note [i]\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
	b.Reset()
	WriteTextOptions(&b, ds, nil, TextOptions{})
	if strings.Contains(b.String(), "\x1b") {
		t.Errorf("colour without Color: %q", b.String())
	}
}

func TestBroken(t *testing.T) {
	at := func(line, col int) Range { return Range{Filename: "p.hcl", Start: Pos{Line: line, Column: col}} }
	good := &Diagnostic{Code: "unknown-need", Summary: "x", Subject: at(1, 1), Related: []Note{{"first", at(2, 3)}}}
	if msg := good.Broken("p.hcl"); msg != "" {
		t.Errorf("a good diagnostic: %s", msg)
	}
	for name, d := range map[string]*Diagnostic{
		"code":         {Code: "Unknown_Need", Summary: "x", Subject: at(1, 1)},
		"dashes":       {Code: "a--b", Summary: "x", Subject: at(1, 1)},
		"summary":      {Code: "a", Summary: " ", Subject: at(1, 1)},
		"no position":  {Code: "a", Summary: "x"},
		"other file":   {Code: "a", Summary: "x", Subject: Range{Filename: "q.hcl", Start: Pos{Line: 1, Column: 1}}},
		"note at zero": {Code: "a", Summary: "x", Subject: at(1, 1), Related: []Note{{"n", Range{Filename: "p.hcl"}}}},
	} {
		if d.Broken("p.hcl") == "" {
			t.Errorf("%s: want it broken", name)
		}
	}
}

// writeCounter counts the writes that reach it, as a file descriptor counts system calls.
type writeCounter struct {
	strings.Builder
	writes int
}

func (w *writeCounter) Write(p []byte) (int, error) {
	w.writes++
	return w.Builder.Write(p)
}

// TestRenderersWriteInBlocks: the commands hand the renderers os.Stderr or os.Stdout,
// where every Write is a system call. A thousand diagnostics of four lines each must
// arrive in a few large writes, with the same bytes as unbuffered rendering.
func TestRenderersWriteInBlocks(t *testing.T) {
	src := Sources{"p.hcl": []byte("stage \"a\" {\n  needs = [\"biuld\"]\n}\n")}
	var ds Diagnostics
	for i := 0; i < 1000; i++ {
		ds.Warnf(Range{Filename: "p.hcl", Start: Pos{Line: 2, Column: 12}, End: Pos{Line: 2, Column: 19}},
			"x", "a detail line", "warning %d", i)
	}
	var one strings.Builder
	WriteText(&one, ds[:1], src)
	for name, render := range map[string]func(w io.Writer){
		"text":   func(w io.Writer) { WriteText(w, ds, src) },
		"github": func(w io.Writer) { WriteGitHub(w, ds) },
	} {
		var w writeCounter
		render(&w)
		if max := w.Len()/(64<<10) + 1; w.writes > max {
			t.Errorf("%s: %d bytes in %d writes, want at most %d", name, w.Len(), w.writes, max)
		}
		if name == "text" && !strings.HasPrefix(w.String(), one.String()) {
			t.Errorf("text: starts %q, want %q", w.String()[:len(one.String())], one.String())
		}
		if name == "text" && strings.Count(w.String(), "\n") != 4000 {
			t.Errorf("text: %d lines, want 4000", strings.Count(w.String(), "\n"))
		}
	}
}

func TestCompactDropsExactRepeatsOnly(t *testing.T) {
	at := func(line int) Range { return Range{Filename: "p.cue", Start: Pos{Line: line, Column: 3}} }
	var ds Diagnostics
	a := ds.Errorf(at(2), "unknown-runner", `did you mean "linux"?`, "unknown runner class %q", "linx")
	ds.Errorf(at(2), "unknown-runner", `did you mean "linux"?`, "unknown runner class %q", "linx") // repeat
	ds.Warnf(at(2), "unknown-runner", `did you mean "linux"?`, "unknown runner class %q", "linx")  // severity
	ds.Errorf(at(3), "unknown-runner", `did you mean "linux"?`, "unknown runner class %q", "linx") // place
	ds.Errorf(at(2), "unknown-runner", "", "unknown runner class %q", "linx")                      // detail
	ds.Errorf(at(2), "unknown-need", `did you mean "linux"?`, "unknown runner class %q", "linx")   // code
	tg := ds.Errorf(at(2), "unknown-runner", `did you mean "linux"?`, "unknown runner class %q", "linx")
	tg.Target = "github" // target
	n1 := ds.Errorf(at(2), "unknown-runner", `did you mean "linux"?`, "unknown runner class %q", "linx")
	n1.Related = []Note{{Message: "also set here", Subject: at(9)}} // notes
	n2 := ds.Errorf(at(2), "unknown-runner", `did you mean "linux"?`, "unknown runner class %q", "linx")
	n2.Related = []Note{{Message: "also set here", Subject: at(9)}} // repeat of n1
	got := ds.Compact()
	want := Diagnostics{a, ds[2], ds[3], ds[4], ds[5], tg, n1}
	if len(got) != len(want) {
		t.Fatalf("kept %d, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("kept[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if len(ds) != 9 || ds[1] == nil {
		t.Errorf("Compact changed its receiver")
	}
}

// TestMessagesKeepControlCharactersOut: a summary, a detail or a note that quotes text
// holding control characters (a shellcheck finding on a script with a carriage return)
// prints them as escapes, never raw.
func TestMessagesKeepControlCharactersOut(t *testing.T) {
	var ds Diagnostics
	d := ds.Warnf(Range{Filename: "p", Start: Pos{Line: 1, Column: 1}}, "c", "detail \x1b[31mred\nline\ttwo", "at \r: Literal carriage return, \u0085")
	d.Related = []Note{{Message: "note \x07", Subject: Range{Filename: "p", Start: Pos{Line: 1, Column: 1}}}}
	var b strings.Builder
	WriteText(&b, ds, Sources{"p": []byte("x\n")})
	out := b.String()
	for _, want := range []string{`at \r: Literal carriage return, \u0085`, `detail \x1b[31mred`, "line\ttwo", `note \a`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\r\x1b\x07\u0085") {
		t.Errorf("control characters reach the output: %q", out)
	}
}

func TestDifference(t *testing.T) {
	var a, b Diagnostics
	a.Errorf(Range{Filename: "p", Start: Pos{Line: 1}}, "x", "", "one")
	a.Errorf(Range{Filename: "p", Start: Pos{Line: 2}}, "x", "", "two")
	b.Errorf(Range{Filename: "p", Start: Pos{Line: 1}}, "x", "", "one")
	if d := a.Difference(b); !strings.Contains(d, "2 diagnostics, against 1") {
		t.Errorf("lengths: %q", d)
	}
	b.Errorf(Range{Filename: "p", Start: Pos{Line: 2}}, "x", "", "two")
	if d := a.Difference(b); d != "" {
		t.Errorf("equal lists: %q", d)
	}
	b[1].Detail = "changed"
	if d := a.Difference(b); !strings.HasPrefix(d, "diagnostic 1:") {
		t.Errorf("a changed field: %q", d)
	}
}
