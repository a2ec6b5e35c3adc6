package cue

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
)

// schemaSkipInputs are specs for TestSchemaSkippedOnlyWhenSilent: every CUE, YAML and
// JSON spec of the golden cases, every fuzz input kept in the repository, the inputs
// under $PIPEC_FUZZ_CORPUS (a fuzz cache directory, to check a larger corpus by hand),
// and specs written to leave values incomplete or constrain them in CUE's own ways.
func schemaSkipInputs(t *testing.T) []File {
	var out []File
	glob := func(pat, ext string, fuzz bool) {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if fuzz { // go test fuzz v1, then []byte("...")
				lines := strings.SplitN(string(b), "\n", 3)
				if len(lines) < 2 {
					continue
				}
				s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
				if err != nil {
					continue
				}
				b = []byte(s)
			}
			out = append(out, File{Name: "spec" + ext, Src: b})
		}
	}
	for _, ext := range []string{".cue", ".yaml", ".json"} {
		glob("../../testdata/*/pipeline"+ext, ext, false)
	}
	glob("testdata/fuzz/FuzzParseCUE/*", ".cue", true)
	glob("testdata/fuzz/FuzzFormatCUE/*", ".cue", true)
	glob("testdata/fuzz/FuzzParseJSON/*", ".json", true)
	glob("testdata/fuzz/FuzzParseYAML/*", ".yaml", true)
	glob("../../cmd/pipec/testdata/fuzz/FuzzBuildCUE/*", ".cue", true)
	if dir := os.Getenv("PIPEC_FUZZ_CORPUS"); dir != "" {
		// $(go env GOCACHE)/fuzz/github.com/pipec-dev/pipec: PKG/NAME/ below it.
		for name, ext := range map[string]string{"FuzzParseCUE": ".cue", "FuzzFormatCUE": ".cue", "FuzzBuildCUE": ".cue", "FuzzParseJSON": ".json", "FuzzParseYAML": ".yaml"} {
			glob(filepath.Join(dir, "*", "*", name, "*"), ext, true)
		}
	}
	for _, step := range []string{
		`{run: string}`, `{run: "a" | "b"}`, `{run: *"a" | "b"}`, `{run: =~"x"}`, `{run: _}`,
		`{run?: "x"}`, `{run: "x"} | {run: "y"}`, `{run: "x", _hidden: 1}`, `{run: "x", #def: 1}`,
		`{run: "x", retries: int}`, `{run: "x", retries: >1}`, `{run: "x", retries: 1 | 2}`,
		`{run: "x", retries: 1.5}`, `{run: "x", retries: -1}`, `{run: "x", retries: number}`,
		`{run: "x", env: {A: string}}`, `{run: "x", env: {A: _}}`, `{run: "x", env: {A: null}}`,
		`{run: "x", env: [string]: "y"}`, `{run: "x", env: {A: "a", A: string}}`,
		`{run: "x", timeout: string}`, `{run: "x", timeout: "5m" | "6m"}`, `{run: "x", shell: "bash" | "sh"}`,
		`{run: "x", continue_on_error: bool}`, `{run: "x", working_directory: string}`,
	} {
		out = append(out, File{Name: "crafted.cue", Src: []byte("pipeline: p: {\n on: push: branches: [\"main\"]\n stage: a: {\n  image: \"alpine:3.20\"\n  step: s: " + step + "\n }\n}\n")})
	}
	return out
}

// TestSchemaSkippedOnlyWhenSilent holds ParseFiles, which unifies a spec with the
// language's schema only when CUE, the decoder or a concreteness check find something,
// to the diagnostics it gives when it always unifies: the same, on every input.
func TestSchemaSkippedOnlyWhenSilent(t *testing.T) {
	inputs := schemaSkipInputs(t)
	if len(inputs) < 80 {
		t.Fatalf("only %d inputs; the globs are wrong", len(inputs))
	}
	text := func(ds diag.Diagnostics) string {
		var b strings.Builder
		for _, d := range ds {
			fmt.Fprintf(&b, "%s: %s: %s [%s]\n", d.Subject, d.Severity, d.Summary, d.Code)
		}
		return b.String()
	}
	defer func() { schemaAlways = false }()
	clean := 0
	for _, in := range inputs {
		schemaAlways = true
		p1, d1 := ParseFiles([]File{{Name: in.Name, Src: append([]byte(nil), in.Src...)}})
		schemaAlways = false
		p2, d2 := ParseFiles([]File{{Name: in.Name, Src: append([]byte(nil), in.Src...)}})
		if text(d1) != text(d2) || (p1 == nil) != (p2 == nil) {
			t.Errorf("%s %q:\nwith the schema always:\n%swith it skipped when silent:\n%s", in.Name, in.Src, text(d1), text(d2))
		}
		if !d1.HasErrors() {
			clean++
		}
	}
	if clean < 40 {
		t.Errorf("only %d of %d inputs were clean: the skip is hardly tested", clean, len(inputs))
	}
	t.Logf("%d inputs, %d clean", len(inputs), clean)
}
