package pipec_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/targets/all"
	"github.com/pipec-dev/pipec/targets/graph"
)

var update = flag.Bool("update", false, "rewrite the golden tests' want files and delete stale ones (make golden)")

// sharedDir is the project's shared folder beside the repository: examples, design notes
// and the conformance oracles. It is not part of a clone.
const sharedDir = "../shared"

// ciMode reports whether the tests run in CI (CI=true), where nothing may be skipped for
// want of ../shared or of the oracles.
func ciMode() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// needShared returns path (under ../shared) when it exists. When it does not, the test
// fails in CI and is skipped elsewhere, saying why.
func needShared(t *testing.T, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		msg := fmt.Sprintf("%s not found (%v): it lives beside the repository, not in it", path, err)
		if ciMode() {
			t.Fatalf("CI=true: %s", msg)
		}
		t.Skipf("SKIP: %s", msg)
	}
	return path
}

// generated is what pipec produces for one spec, keyed by want-file name: "<target>.yml"
// per target that emitted without error, "graph.mmd" (pipec graph) for a spec that
// compiles, and "diagnostics.txt" when there is any diagnostic. A spec error (front end
// or compiler) leaves no YAML and no graph at all.
type generated map[string][]byte

// generate runs the command's pipeline on one spec, in-process: parse, compile, emit every
// target. name is the spec's file name as diagnostics show it. A panic fails the test.
func generate(t *testing.T, name string, src []byte) (out generated, ds diag.Diagnostics) {
	t.Helper()
	return generateWith(t, frontEnd(name), name, src)
}

// parseFunc is a front end: HCL, or CUE/JSON/YAML.
type parseFunc func(name string, src []byte) (*model.Pipeline, diag.Diagnostics)

// frontEnd picks the front end by the spec's extension, as the command does.
func frontEnd(name string) parseFunc {
	if strings.EqualFold(filepath.Ext(name), ".hcl") {
		return hcl.Parse
	}
	return cue.Parse
}

func generateWith(t *testing.T, parse parseFunc, name string, src []byte) (out generated, ds diag.Diagnostics) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s: pipec panicked: %v\n%s", name, r, debug.Stack())
		}
	}()
	out = generated{}
	p, pds := parse(name, src)
	ds.Append(pds)
	compiled := false
	if p != nil {
		// The header names the spec and its digest, as pipec generate writes them for a
		// spec in the output directory.
		opts := compile.Options{Source: name, Digest: compile.SourceDigest([]compile.SourceFile{{Name: name, Src: src}})}
		plan, cds := compile.CompileWith(p, opts)
		ds.Append(cds)
		if !ds.HasErrors() {
			compiled = true
			if plan == nil {
				t.Fatalf("%s: the compiler returned neither a plan nor an error", name)
			}
			// The drawing of the plan (pipec graph) is golden too: a review sees the jobs a
			// change to the compiler adds or moves, and both front ends must draw the same.
			out["graph.mmd"] = graph.Mermaid(plan)
			for _, tg := range all.Targets {
				data, eds := tg.Emit(plan)
				ds.Append(eds)
				if !eds.HasErrors() {
					out[tg.Name()+".yml"] = data
				}
			}
		}
	} else if !ds.HasErrors() {
		t.Fatalf("%s: the front end returned neither a pipeline nor an error", name)
	}
	// A spec error leaves nothing to emit. A target's own error drops only that target's
	// file, so a case can show one platform's output beside another's diagnostic (the
	// command itself writes nothing when any selected target fails).
	if !compiled {
		out = generated{}
	}
	ds = ds.Compact() // as the command prints them
	ds.Sort()
	if len(ds) > 0 {
		var b bytes.Buffer
		diag.WriteText(&b, ds, diag.Sources{name: src})
		out["diagnostics.txt"] = b.Bytes()
	}
	return out, ds
}

// goldenCases lists testdata/<case> directories holding a pipeline.hcl, or only a
// pipeline.cue (cases about CUE itself, fail-cue-*).
func goldenCases(t *testing.T) []string {
	t.Helper()
	hclSpecs, err := filepath.Glob(filepath.Join("testdata", "*", "pipeline.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	cueSpecs, err := filepath.Glob(filepath.Join("testdata", "*", "pipeline.cue"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var dirs []string
	for _, s := range append(hclSpecs, cueSpecs...) {
		if d := filepath.Dir(s); !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	return dirs
}

// caseSpec is the spec a golden case's want/ is for: pipeline.hcl, or pipeline.cue in a
// case that has no HCL.
func caseSpec(dir string) string {
	if _, err := os.Stat(filepath.Join(dir, "pipeline.hcl")); err == nil {
		return "pipeline.hcl"
	}
	return "pipeline.cue"
}

// TestGolden compiles every testdata/<case>/pipeline.hcl and compares what pipec produces
// with testdata/<case>/want/: <target>.yml for each target, diagnostics.txt for a case
// with diagnostics (only diagnostics.txt when one is an error). A want file that is not
// produced fails, and so does an output without a want file. `make golden` (-update)
// rewrites want/ instead; read the diff before committing it.
func TestGolden(t *testing.T) {
	cases := goldenCases(t)
	if len(cases) == 0 {
		t.Fatal("no testdata/*/pipeline.hcl")
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			spec := caseSpec(dir)
			src, err := os.ReadFile(filepath.Join(dir, spec))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := generate(t, spec, src)
			again, _ := generate(t, spec, src)
			for name, data := range got {
				if !bytes.Equal(data, again[name]) {
					t.Errorf("%s: two runs gave different bytes (output must be deterministic):\n%s", name, diffText(data, again[name]))
				}
			}
			wantDir := filepath.Join(dir, "want")
			if *update {
				if err := updateWant(wantDir, got); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := readWant(wantDir)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range sortedKeys(got) {
				w, ok := want[name]
				if !ok {
					t.Errorf("%s produced, but %s is missing (run make golden and review the diff):\n%s", name, filepath.Join(wantDir, name), got[name])
					continue
				}
				if !bytes.Equal(got[name], w) {
					t.Errorf("%s differs from %s (run make golden and review the diff):\n%s", name, filepath.Join(wantDir, name), diffText(w, got[name]))
				}
			}
			for _, name := range sortedKeys(want) {
				if _, ok := got[name]; !ok {
					t.Errorf("%s exists but pipec did not produce it (run make golden to delete it)", filepath.Join(wantDir, name))
				}
			}
		})
	}
}

func readWant(dir string) (generated, error) {
	want := generated{}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return want, nil
	}
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() {
			return nil, fmt.Errorf("%s: unexpected directory in want/", filepath.Join(dir, e.Name()))
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		want[e.Name()] = data
	}
	return want, nil
}

// updateWant makes dir hold exactly got.
func updateWant(dir string, got generated) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, err := readWant(dir)
	if err != nil {
		return err
	}
	for name := range old {
		if _, ok := got[name]; !ok {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return err
			}
		}
	}
	for name, data := range got {
		if bytes.Equal(old[name], data) {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m generated) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// diffText shows where want and got first differ, with a few lines around.
func diffText(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	from := max(i-3, 0)
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d (want %d lines, got %d)\n", i+1, len(wl), len(gl))
	for j := from; j < i; j++ {
		fmt.Fprintf(&b, "   %4d  %s\n", j+1, wl[j])
	}
	for j := i; j < min(i+6, len(wl)); j++ {
		fmt.Fprintf(&b, "-  %4d  %s\n", j+1, wl[j])
	}
	for j := i; j < min(i+6, len(gl)); j++ {
		fmt.Fprintf(&b, "+  %4d  %s\n", j+1, gl[j])
	}
	return b.String()
}

// TestExamples compiles every shared example (../shared/examples/*.hcl) for every target:
// none may have an error. Warnings are logged.
func TestExamples(t *testing.T) {
	dir := needShared(t, filepath.Join(sharedDir, "examples"))
	files, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no examples in %s", dir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.ToSlash(f)
			got, ds := generate(t, name, src)
			if ds.HasErrors() {
				t.Fatalf("the example has errors:\n%s", got["diagnostics.txt"])
			}
			if len(ds) > 0 {
				t.Logf("warnings:\n%s", got["diagnostics.txt"])
			}
			for _, tg := range all.Names() {
				if !slices.Contains(sortedKeys(got), tg+".yml") {
					t.Errorf("no %s output", tg)
				}
			}
		})
	}
}
