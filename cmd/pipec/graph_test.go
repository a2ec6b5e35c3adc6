package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The exit codes of pipec graph: 0 with the diagram on stdout, 1 for a spec with errors
// (nothing on stdout), 2 for usage and I/O errors.
func TestGraphExitCodes(t *testing.T) {
	good := writeSpec(t, "pipeline.hcl", tidyHCL)
	bad := writeSpec(t, "pipeline.hcl", strings.Replace(tidyHCL, `timeout = "5m"`, `timeout = "5 minutes"`, 1))
	for _, c := range []struct {
		args   []string
		code   int
		stdout string // a prefix of stdout
		stderr string
	}{
		{[]string{"graph", good}, exitOK, "---\ntitle: \"p\"\n---\nflowchart LR\n  job_build(\"build\")\n", ""},
		{[]string{"graph", "-f", "dot", good}, exitOK, "digraph \"p\" {\n", ""},
		{[]string{"graph", bad}, exitSpec, "", "[bad-duration]"},
		{[]string{"graph", "--format", "png", good}, exitUsage, "", `unknown --format "png"; give mermaid, dot`},
		{[]string{"graph", filepath.Join(t.TempDir(), "none.hcl")}, exitUsage, "", "no such file or directory"},
		{[]string{"graph", good, good}, exitUsage, "", "give one spec file, got 2"},
		{[]string{"graph", ""}, exitUsage, "", "the spec file name is empty"},
	} {
		r := pipec(t, c.args...)
		if r.code != c.code || !strings.HasPrefix(r.stdout, c.stdout) || (c.stdout == "" && r.stdout != "") || !strings.Contains(r.stderr, c.stderr) {
			t.Errorf("%v: want exit %d, stdout starting %q, stderr with %q:\n%s", c.args, c.code, c.stdout, c.stderr, r)
		}
	}
	if r := pipec(t, "help", "graph"); r.code != exitOK || !strings.Contains(r.stdout, "pipec graph [FILE]") {
		t.Errorf("help graph:\n%s", r)
	}
}
