package cue

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/lang/build"
)

// nativeCUE, nativeJSON and nativeYAML put a value in a native block, the one place a spec
// nests freely.
func nativeCUE(v string) string {
	return "pipeline: p: stage: s: {\n\tstep: a: run: \"x\"\n\tnative: github: a: " + v + "\n}\n"
}

func nativeJSON(v string) string {
	return `{"pipeline": {"p": {"stage": {"s": {"native": {"github": {"a": ` + v + `}}}}}}}`
}

func nativeYAML(v string) string {
	return "pipeline:\n  p:\n    stage:\n      s:\n        native:\n          github:\n            a: " + v + "\n"
}

// Hostile specs end in one error before CUE evaluates them: nesting past
// build.MaxNesting (CUE's own parser allows 10,000 levels of brackets and any length of
// operator chain, on which its evaluator recursed for minutes), and structs or lists too
// long for CUE's quadratic evaluation. Values nested deeper than their syntax (a chain of
// references) are refused where the limit is passed, not silently dropped as they were.
func TestLimits(t *testing.T) {
	rep := strings.Repeat
	var refs strings.Builder
	refs.WriteString(nativeCUE("l300"))
	refs.WriteString("l0: 1\n")
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&refs, "l%d: [l%d]\n", i, i-1)
	}
	list := func(n int) string { return "[" + strings.TrimSuffix(rep("1,", n), ",") + "]" }
	for _, c := range []struct{ name, src, code, at string }{
		{"x.cue", nativeCUE(rep("[", 5000) + rep("]", 5000)), "nesting-too-deep", "x.cue:3:215"},
		{"x.cue", nativeCUE(rep("{a: ", 5000) + "1" + rep("}", 5000)), "nesting-too-deep", "x.cue:3:797"},
		{"x.cue", nativeCUE(rep("1 + ", 100000) + "1"), "nesting-too-deep", "x.cue:3:21"},
		{"x.cue", nativeCUE(rep("-", 5000) + "1"), "nesting-too-deep", "x.cue:3:215"},
		{"x.cue", refs.String(), "nesting-too-deep", "x.cue:112:8"},
		{"x.json", nativeJSON(rep("[", 5000) + rep("]", 5000)), "nesting-too-deep", "x.json:1:258"},
		{"x.yaml", nativeYAML(rep("[", 5000) + rep("]", 5000)), "nesting-too-deep", "x.yaml:7:210"},
		{"x.yaml", nativeYAML(rep("\n"+rep(" ", 14)+"- ", 1) + rep("- ", 5000) + "1"), "nesting-too-deep", "x.yaml:8:403"},
		{"x.cue", nativeCUE(list(20001)), "too-many-elements", "x.cue:3:21"},
		{"x.json", nativeJSON(list(100000)), "too-many-elements", "x.json:1:64"},
		{"x.yaml", nativeYAML(list(20001)), "too-many-elements", "x.yaml:7:16"},
		{"x.cue", rep("a: 1\n", 20001), "too-many-elements", "x.cue:1:1"},
		// Each within the bound, together too long.
		{"x.cue", nativeCUE("[" + strings.TrimSuffix(rep(list(9000)+", ", 5), ", ") + "]"), "too-many-elements", "x.cue:3:72034"},
		{"x.cue", nativeCUE(`"` + rep("x", build.MaxSpecSize) + `"`), "spec-too-large", "x.cue:1:1"},
	} {
		p, ds := Parse(c.name, []byte(c.src))
		if p != nil || len(ds) != 1 || ds[0].Code != c.code || ds[0].Subject.String() != c.at {
			t.Errorf("%s %.50q: got %v, want one %s at %s", c.name, c.src, ds, c.code, c.at)
		}
	}
}

// At the limits, a spec decodes: lists and structs of maxElements, nesting just under
// build.MaxNesting (the pipeline, stage and native levels count too).
func TestWithinLimits(t *testing.T) {
	rep := strings.Repeat
	deep := build.MaxNesting - 8
	for _, c := range []struct{ name, src string }{
		{"x.cue", nativeCUE("[" + strings.TrimSuffix(rep("1,", maxElements), ",") + "]")},
		{"x.json", nativeJSON(rep("[", deep) + rep("]", deep))},
		{"x.yaml", nativeYAML(rep("[", deep) + rep("]", deep))},
		{"x.cue", nativeCUE(rep("{a: ", deep) + "1" + rep("}", deep))},
	} {
		if p, ds := Parse(c.name, []byte(c.src)); p == nil || len(ds) > 0 {
			t.Errorf("%s %.50q: %v", c.name, c.src, ds)
		}
	}
}

// pipec fmt on CUE holds the nesting and size limits (a chain of 100,000 "+" kept the
// printer busy for minutes), but not the length of literals: formatting evaluates
// nothing. JSON holds the size limit.
func TestFormatLimits(t *testing.T) {
	rep := strings.Repeat
	out, ds := FormatCUE("x.cue", []byte(nativeCUE(rep("1 + ", 100000)+"1")))
	if out != nil || len(ds) != 1 || ds[0].Code != "nesting-too-deep" || ds[0].Subject.String() != "x.cue:3:21" {
		t.Errorf("chain: got %v", ds)
	}
	if _, ds := FormatCUE("x.cue", []byte(nativeCUE("["+strings.TrimSuffix(rep("1, ", 5000), ", ")+"]"))); len(ds) > 0 {
		t.Errorf("a long list: %v", ds)
	}
	for name, f := range map[string]func(string, []byte) ([]byte, diag.Diagnostics){"x.cue": FormatCUE, "x.json": FormatJSON} {
		big := `{"a": "` + rep("x", build.MaxSpecSize) + `"}`
		if out, ds := f(name, []byte(big)); out != nil || len(ds) != 1 || ds[0].Code != "spec-too-large" {
			t.Errorf("%s large: got %v", name, ds)
		}
	}
}
