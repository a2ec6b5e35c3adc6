package diag

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// sourceLine is how a diagnostic's line was found before lineIndex, kept as its oracle.
func sourceLine(body []byte, n int) (string, bool) {
	cur := 1
	start := 0
	for i, b := range body {
		if cur == n {
			start = i
			break
		}
		if b == '\n' {
			cur++
			if cur == n {
				start = i + 1
				break
			}
		}
	}
	if cur != n {
		return "", false
	}
	if start > len(body) {
		return "", false
	}
	end := start
	for end < len(body) && body[end] != '\n' {
		end++
	}
	return strings.TrimRight(string(body[start:end]), "\r"), true
}

func TestLineIndexMatchesScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "bc", "\n", "\n", "\r\n", "\r", " "}
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := r.IntN(12); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		body := []byte(b.String())
		x := lineIndex{}
		for n := -1; n < 15; n++ {
			got, gok := x.line("f", body, n)
			want, wok := sourceLine(body, n)
			if n < 1 {
				want, wok = "", false // writeSnippet never asks for them
			}
			if got != want || gok != wok {
				t.Fatalf("line %d of %q: got %q %v, want %q %v", n, body, got, gok, want, wok)
			}
		}
	}
}

func TestSnippetWithoutByteOrderMark(t *testing.T) {
	src := Sources{"p.hcl": []byte("\uFEFFpipeline \"p\" {\n}\n")}
	d := &Diagnostic{Severity: Error, Code: "c", Summary: "s", Subject: Range{Filename: "p.hcl", Start: Pos{Line: 1, Column: 10}, End: Pos{Line: 1, Column: 13}}}
	var b strings.Builder
	WriteText(&b, Diagnostics{d}, src)
	want := " 1 | pipeline \"p\" {\n   |          ^~~\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("got\n%s\nwant it to hold\n%s", b.String(), want)
	}
}
