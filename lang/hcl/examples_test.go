package hcl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// examplesDir holds the shared example specs, outside this module's tree.
var examplesDir = filepath.Join("..", "..", "..", "shared", "examples")

// exampleFiles lists the shared examples, or skips when the directory is not there (a
// checkout of the module alone).
func exampleFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.hcl"))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(examplesDir); err != nil || len(files) == 0 {
		tb.Skipf("no shared examples at %s (they live next to the repository, not in it)", examplesDir)
	}
	return files
}

func TestExamplesDecodeWithoutErrors(t *testing.T) {
	for _, path := range exampleFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			p, diags := Parse(filepath.Base(path), src)
			for _, d := range diags {
				t.Errorf("%v\n  %s", d, d.Detail)
			}
			if p == nil {
				t.Fatal("no pipeline")
			}
			if p.Name == "" || len(p.Stages) == 0 {
				t.Errorf("pipeline %q has %d stages", p.Name, len(p.Stages))
			}
			for _, s := range p.Stages {
				if len(s.Steps) == 0 {
					t.Errorf("stage %q has no steps", s.Name)
				}
				for _, st := range s.Steps {
					if strings.TrimSpace(st.Run.Text()) == "" {
						t.Errorf("step %s/%s has an empty run", s.Name, st.Name)
					}
				}
			}
		})
	}
}
