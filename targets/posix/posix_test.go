package posix

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Whatever the text, the shell gets it back verbatim: quoting is what keeps spec values
// and references data rather than code.
func TestQuotingRoundTripsThroughSh(t *testing.T) {
	for _, s := range []string{"plain", "it's", `"double" $HOME ` + "`id`" + ` \ back`, "$(rm -rf /)", "new\nline", ""} {
		for _, script := range []string{"printf '%s' " + Quote(s), `printf '%s' "` + QuoteInDouble(s) + `"`} {
			out, err := exec.Command("sh", "-c", script).Output()
			if err != nil || string(out) != s {
				t.Errorf("%q: got %q (%v) from %s", s, out, err, script)
			}
		}
	}
}

// An artifact path expands in bash as its glob says, whatever else it holds: spaces,
// quotes and `$` are part of file names, `*`, `?` and `[set]` still match.
func TestGlobExpandsInBash(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"out dir/a.bin", "out dir/b.txt", "it's/x.log", "$HOME/y", "sets/a1", "sets/b1", "deep/1/2/z.xml"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ glob, want string }{
		{"out dir/*.bin", "<out dir/a.bin>"},
		{"it's/*", "<it's/x.log>"},
		{"$HOME/?", "<$HOME/y>"},
		{"sets/[a]1", "<sets/a1>"},
		{"sets/[!a]?", "<sets/b1>"},
		{"deep/**/*.xml", "<deep/1/2/z.xml>"},
		{"$(touch pwned)*", ""},
	} {
		script := "shopt -s globstar nullglob; f=(" + Glob(c.glob) + `); printf '<%s>' "${f[@]}"`
		cmd := exec.Command("bash", "-c", script)
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil || string(out) != c.want && !(c.want == "" && string(out) == "<>") {
			t.Errorf("%q as %s: got %q (%v), want %q", c.glob, Glob(c.glob), out, err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Error("a glob ran a command substitution")
	}
}
