package hcl

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// layoutCases are the inputs layout must lay out as hclwrite.Format does: every HCL spec
// of the repository, the fuzzers' seeds and kept inputs, and the corners of each rule
// (alignment runs broken by blank lines, comments, multi-line values, heredocs, negation
// and subtraction, `in` in for expressions, templates, unbalanced brackets, Unicode wider
// or narrower than its bytes, tabs and CR LF, text after the last newline).
func layoutCases(t testing.TB) [][]byte {
	var cases [][]byte
	for _, s := range repositorySpecs(t) {
		cases = append(cases, s.src)
	}
	for _, s := range append(fuzzSeeds, manyAttributes) {
		cases = append(cases, []byte(s))
	}
	for _, dir := range []string{filepath.Join("testdata", "fuzz", "*"), filepath.Join("..", "..", "cmd", "pipec", "testdata", "fuzz", "FuzzBuild")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			if src, ok := corpusBytes(t, f); ok {
				cases = append(cases, src)
			}
		}
	}
	for _, s := range []string{
		"",
		"\n\n",
		"a=1\nbb=2\n\nccc=3 # c\nd = [\n1,2,\n]\ne=4 // x\nfff = { g = 1 }  /* y */\n",
		"a = 1 # one\nbbbb = 2 # two\n# alone\nc = 3 # three\n",
		"x = a-1\ny = -1\nz = a * -b\nw = (-c)\nv = [-1, - 2]\nu = !a\nt = a ? -b : c\ns = !-a\nr = a == -b && -c\n",
		"l = [for x in [1, 2]: x]\nm = {for k, v in m: k => v...}\nn = f(a, b...)\no = p::q(1)\n",
		"s = \"${a}${b} %{if c}d%{endif} ${ {e = 1} }\"\nr = a[0].b[1][2]\nq = a.*.b\n",
		"h = <<EOT\n  x ${y}\n    z\nEOT\nhh = <<-EOT\n    a\n    EOT\nk = 1\n",
		"b {\nc {\nd = 1\n}}\n}\n}\n{{\n",
		"f({\na = 1\n})\ng = [\n[1,\n2],\n]\n",
		"é = \"ü\" # ñ\nab = \"👩‍👩‍👧\" # x\nabc = \"e\u0301\" # y\n",
		"\ta\t=\t1\r\nbb = 2\r\n",
		"a = 1   ",
		"a = 1\n   ",
		"/* c */ a = 1\nb /* d */ = 2\nc = /* e */ 3\n/* multi\nline */ d = 4 # f\n",
		"a = b == c && d != e || f >= g && h <= i % j / k\n",
		"x = a\n  .b\n  .c\n",
		"block \"l1\" \"l2\" { a = 1 }\nblock {}\nblock { }\n",
		")\n]\n}\n",
		"a = \"unterminated\nb = 1\n",
	} {
		cases = append(cases, []byte(s))
	}
	return cases
}

// corpusBytes reads a `go test fuzz v1` file holding one []byte.
func corpusBytes(t testing.TB, path string) ([]byte, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "[]byte(") {
		return nil, false
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	if err != nil {
		return nil, false
	}
	return []byte(s), true
}

// TestLayoutIsHCLWrite: pipec's layout is hclwrite.Format's, byte for byte, so pipec fmt
// writes what terraform fmt and every HCL editor plugin write. (The test links hclwrite;
// the command does not.)
func TestLayoutIsHCLWrite(t *testing.T) {
	cases := layoutCases(t)
	if len(cases) < 50 {
		t.Fatalf("only %d cases: the repository's specs were not found", len(cases))
	}
	for _, src := range cases {
		if got, want := layout(src), hclwrite.Format(src); !bytes.Equal(got, want) {
			t.Errorf("layout differs from hclwrite.Format for\n%q\n got %q\nwant %q", src, got, want)
		}
	}
}

// FuzzLayout: `go test -fuzz FuzzLayout ./lang/hcl` looks for any input, valid HCL or
// not, that pipec lays out differently from hclwrite.
func FuzzLayout(f *testing.F) {
	for _, src := range layoutCases(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, want := layout(src), hclwrite.Format(src); !bytes.Equal(got, want) {
			t.Fatalf("layout differs from hclwrite.Format for\n%q\n got %q\nwant %q", src, got, want)
		}
	})
}
