package pipec_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
)

// The front ends must agree. Every golden case with a pipeline.hcl also has a
// pipeline.cue (and may have a pipeline.yaml or pipeline.json) holding the same spec, and
// each of those must give:
//
//   - byte-identical YAML for every target, and
//   - the same diagnostics, compared without their positions and source snippets:
//     severity, code and summary, in order. Positions cannot be compared, since the same
//     construct sits on other lines in another syntax; the fail-cue-* cases pin CUE's
//     positions in their own want/diagnostics.txt, and the check below asserts that each
//     diagnostic of a twin points into the twin's own file at a line it has.
//
// A case may go without a CUE twin only when it is about HCL itself: listed in hclOnly,
// with the reason.
var hclOnly = map[string]string{
	"fail-hcl-syntax": "an HCL syntax error; CUE's syntax errors are fail-cue-syntax",
	"fail-duplicate-stage": "CUE unifies a field written twice: a stage declared twice is one stage, " +
		"and a conflict only when the two disagree (fail-cue-conflicting-values)",
}

func TestFrontEndEquivalence(t *testing.T) {
	specs, err := filepath.Glob(filepath.Join("testdata", "*", "pipeline.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	yamlTwins := 0
	for _, spec := range specs {
		dir := filepath.Dir(spec)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			hclSrc, err := os.ReadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			want, wantDiags := generate(t, "pipeline.hcl", hclSrc)
			twins := 0
			for _, twin := range []string{"pipeline.cue", "pipeline.yaml", "pipeline.json"} {
				src, err := os.ReadFile(filepath.Join(dir, twin))
				if os.IsNotExist(err) {
					continue
				} else if err != nil {
					t.Fatal(err)
				}
				twins++
				got, gotDiags := generate(t, twin, src)
				compareTwin(t, twin, src, want, got, wantDiags, gotDiags)
			}
			if _, err := os.Stat(filepath.Join(dir, "pipeline.cue")); err != nil {
				if reason, ok := hclOnly[name]; ok {
					t.Logf("no CUE twin: %s", reason)
				} else {
					t.Errorf("%s has no pipeline.cue: translate pipeline.hcl, or list the case in hclOnly with the reason", dir)
				}
			}
			_ = twins
		})
		if _, err := os.Stat(filepath.Join(dir, "pipeline.yaml")); err == nil {
			yamlTwins++
		}
	}
	if yamlTwins < 3 {
		t.Errorf("only %d cases have a pipeline.yaml twin; want at least 3", yamlTwins)
	}
}

func compareTwin(t *testing.T, twin string, src []byte, want, got generated, wantDiags, gotDiags diag.Diagnostics) {
	t.Helper()
	for _, k := range sortedKeys(want) {
		if k == "diagnostics.txt" {
			continue
		}
		// Each output names the spec it came from in its header; that line names the
		// twin's own file.
		if got[k] != nil {
			got[k] = bytes.Replace(got[k], []byte("# source: "+twin+"\n"), []byte("# source: pipeline.hcl\n"), 1)
		}
		if !bytes.Equal(want[k], got[k]) {
			if got[k] == nil {
				t.Errorf("%s: no %s (the HCL spec has one); diagnostics:\n%s", twin, k, got["diagnostics.txt"])
				continue
			}
			t.Errorf("%s: %s differs from the HCL spec's:\n%s", twin, k, diffText(want[k], got[k]))
		}
	}
	for _, k := range sortedKeys(got) {
		if _, ok := want[k]; !ok && k != "diagnostics.txt" {
			t.Errorf("%s: produced %s, which the HCL spec does not", twin, k)
		}
	}
	w, g := headlines(wantDiags), headlines(gotDiags)
	if strings.Join(w, "\n") != strings.Join(g, "\n") {
		t.Errorf("%s: diagnostics differ from the HCL spec's (positions aside)\nHCL:\n  %s\n%s:\n  %s\nfull:\n%s",
			twin, strings.Join(w, "\n  "), twin, strings.Join(g, "\n  "), got["diagnostics.txt"])
	}
	lines := bytes.Count(src, []byte("\n")) + 1
	for _, d := range gotDiags {
		if d.Target != "" || d.Subject.IsZero() {
			continue
		}
		if d.Subject.Filename != twin || d.Subject.Start.Line < 1 || d.Subject.Start.Line > lines {
			t.Errorf("%s: diagnostic %q points at %s, outside the file", twin, d.Summary, d.Subject)
		}
	}
}

// headlines renders diagnostics without positions, sorted as the HCL ones are not
// comparable by position: severity, code and summary.
func headlines(ds diag.Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s: %s [%s/%s]", d.Severity, d.Summary, d.Target, d.Code))
	}
	sortStrings(out)
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
