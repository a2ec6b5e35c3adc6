package posix

import (
	"os/exec"
	"testing"
)

// A step run from a file gets its script's text unchanged, even one holding the
// here-document's usual end marker, and a step that may fail reports its failure with
// its name as written: a $ or backtick in the name is not expanded.
func TestRunFromFile(t *testing.T) {
	cases := []struct {
		name, script, step string
		cont               bool
		out                string
		fails              bool
	}{
		{"runs the script", "echo '$HOME' PIPEC_SCRIPT\n", "s", false, "$HOME PIPEC_SCRIPT\n", false},
		{"stops on failure", "false\necho after\n", "s", false, "", true},
		{"continues with the name as written", "exit 3\n", "x $(echo pwned) `id` \"q\" 'a'", true,
			"pipec: step x $(echo pwned) `id` \"q\" 'a' failed; continuing\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines := RunFromFile("  ", FileInterpreter("sh"), "sh", c.script, c.step, c.cont)
			out, err := exec.Command("sh", "-ec", lines).Output()
			if (err != nil) != c.fails {
				t.Fatalf("error %v, want failure %v; script:\n%s", err, c.fails, lines)
			}
			if string(out) != c.out {
				t.Errorf("output %q, want %q; script:\n%s", out, c.out, lines)
			}
		})
	}
}
