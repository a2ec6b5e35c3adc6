package pipec_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	yamlv3 "go.yaml.in/yaml/v3"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/targets"
)

// Hostile input through the whole path, parse to emit: what no real spec does but a
// broken or malicious one can. Each spec must end in a diagnostic with a position and a
// stable code, and no output; or in output that every YAML parser reads back with the
// spec's own text in it.

// hclStage is a spec with one stage whose body is body.
func hclStage(body string) string {
	return "pipeline \"p\" {\n  on {\n    push {}\n  }\n  stage \"a\" {\n" + body + "\n  }\n}\n"
}

// yamlStage is the same in YAML; body is indented under the stage.
func yamlStage(body string) string {
	return "pipeline:\n  p:\n    on: {push: {}}\n    stage:\n      a:\n" + body + "\n"
}

func TestHostileSpecsAreDiagnosed(t *testing.T) {
	rep := strings.Repeat
	huge := rep("x", 50<<20) // 50 MB
	step := func(run string) string { return "    step \"s\" { run = \"" + run + "\" }" }
	var blocks strings.Builder
	blocks.WriteString("pipeline \"p\" {\n")
	for range 10000 {
		blocks.WriteString("stage \"a\" {\n")
	}
	for range 10001 {
		blocks.WriteString("}\n")
	}
	var yamlDeep strings.Builder
	yamlDeep.WriteString(yamlStage("        step: {s: {run: x}}\n        native:\n          github:"))
	for i := range 1000 {
		yamlDeep.WriteString(rep("  ", i+6) + "a:\n")
	}
	yamlDeep.WriteString(rep("  ", 1006) + "b: 1\n")
	for _, c := range []struct {
		name, file, src string
		code, at        string // the first error
	}{
		// Size: refused before parsing, at the file's start.
		{"50 MB HCL", "p.hcl", hclStage(step(huge)), "spec-too-large", "p.hcl:1:1"},
		{"50 MB YAML", "p.yaml", yamlStage("        step: {s: {run: " + huge + "}}"), "spec-too-large", "p.yaml:1:1"},
		{"50 MB CUE", "p.cue", "pipeline: p: stage: a: step: s: run: \"" + huge + "\"\n", "spec-too-large", "p.cue:1:1"},

		// Nesting: HCL's parser and CUE's evaluator recurse per level; a million levels
		// overflowed the stack (fatal), 10,000 cost seconds.
		{"HCL blocks 10,000 deep", "p.hcl", blocks.String(), "nesting-too-deep", "p.hcl:201:7"},
		{"HCL objects 10,000 deep", "p.hcl", hclStage("    native \"github\" {\n      a = " + rep("{a = ", 10000) + "1" + rep("}", 10000) + "\n    }"),
			"nesting-too-deep", "p.hcl:7:996"},
		{"HCL lists 1,000,000 deep", "p.hcl", hclStage("    native \"github\" {\n      a = " + rep("[", 1000000) + rep("]", 1000000) + "\n    }"),
			"nesting-too-deep", "p.hcl:7:208"},
		{"HCL condition 10,000 parentheses deep", "p.hcl", hclStage("    when = " + rep("(", 10000) + "ci.branch == \"x\"" + rep(")", 10000) + "\n" + step("x")),
			"nesting-too-deep", "p.hcl:6:210"},
		{"HCL condition of 10,000 terms", "p.hcl", hclStage("    when = " + rep("ci.branch == \"x\" || ", 10000) + "true\n" + step("x")),
			"bad-expression", "p.hcl:6:4009"},
		{"CUE structs 10,000 deep", "p.cue", "pipeline: p: stage: a: native: github: a: " + rep("{a: ", 10000) + "1" + rep("}", 10000) + "\n",
			"syntax", "p.cue:1:40040"},
		{"CUE structs 1,000 deep", "p.cue", "pipeline: p: stage: a: native: github: a: " + rep("{a: ", 1000) + "1" + rep("}", 1000) + "\n",
			"nesting-too-deep", "p.cue:1:819"},
		{"CUE list of 100,000", "p.cue", "pipeline: p: stage: a: native: github: a: [" + rep("1, ", 100000) + "]\n",
			"too-many-elements", "p.cue:1:43"},
		{"YAML lists 10,000 deep", "p.yaml", yamlStage("        native:\n          github:\n            a: " + rep("[", 10000) + rep("]", 10000)),
			"nesting-too-deep", "p.yaml:8:210"},
		{"YAML mappings 1,000 deep", "p.yaml", yamlDeep.String(), "nesting-too-deep", "p.yaml:204:403"},
		{"JSON 10,000 deep", "p.json", `{"pipeline": {"p": {"stage": {"a": {"native": {"github": {"a": ` + rep("[", 10000) + rep("]", 10000) + "}}}}}}}",
			"syntax", "p.json:1:10057"}, // the 10,001st bracket: 63 bytes of prefix with 7, then the 9,994th [ of the run

		// Bytes no spec may hold raw.
		{"HCL invalid UTF-8", "p.hcl", hclStage(step("a\xffb")), "syntax", "p.hcl:6:24"},
		{"YAML invalid UTF-8", "p.yaml", yamlStage("        step: {s: {run: \"a\xffb\"}}"), "syntax", "p.yaml:1:1"},
		{"YAML NUL byte", "p.yaml", yamlStage("        step: {s: {run: \"a\x00b\"}}"), "syntax", "p.yaml:1:1"},
		{"CUE invalid UTF-8", "p.cue", "pipeline: p: stage: a: step: s: run: \"a\xffb\"\n", "syntax", "p.cue:1:40"},

		// Names are identifiers: YAML-significant characters are refused, not quoted.
		{"stage named a: b", "p.hcl", strings.Replace(hclStage(step("x")), `stage "a"`, `stage "a: b"`, 1), "bad-name", "p.hcl:5:9"},
		{"step named - s", "p.hcl", hclStage(`    step "- s" { run = "x" }`), "bad-name", "p.hcl:6:10"},
		{"env var named *X", "p.hcl", hclStage("    env = { \"*X\" = \"x\" }\n" + step("x")), "bad-name", "p.hcl:6:13"},
		{"pipeline named p #q", "p.hcl", strings.Replace(hclStage(step("x")), `pipeline "p"`, `pipeline "p #q"`, 1), "bad-name", "p.hcl:1:10"},
		{"environment named {{ e }}", "p.hcl", strings.Replace(hclStage("    environment = \"{{ e }}\"\n"+step("x")), "pipeline \"p\" {\n", "pipeline \"p\" {\n  environment \"{{ e }}\" {}\n", 1),
			"bad-name", "p.hcl:2:15"},
		{"secret named ${{ s }}", "p.hcl", strings.Replace(hclStage(step("x")), "pipeline \"p\" {\n", "pipeline \"p\" {\n  secret \"$${{ s }}\" {}\n", 1),
			"bad-name", "p.hcl:2:10"},
		{"YAML stage named &a", "p.yaml", "pipeline:\n  p:\n    on: {push: {}}\n    stage:\n      \"&a\":\n        step: {s: {run: x}}\n", "bad-name", "p.yaml:5:7"},
		{"100 KB stage name", "p.hcl", strings.Replace(hclStage(step("x")), `stage "a"`, `stage "`+rep("a", 100<<10)+`"`, 1), "name-too-long", "p.hcl:5:9"},

		// Names that every target keeps apart but a platform's rules would merge.
		{"stages build-a and build_a", "p.hcl", strings.Replace(hclStage(step("x")), "pipeline \"p\" {\n", "pipeline \"p\" {\n  stage \"build-a\" {\n"+step("x")+"\n  }\n  stage \"build_a\" {\n"+step("x")+"\n  }\n", 1),
			"name-collision", "p.hcl:5:9"},
		{"artifacts r-a and r_a on Azure", "p.hcl", hclStage(step("x") + "\n    artifact \"r-a\" { paths = [\"x\"] }\n    artifact \"r_a\" { paths = [\"y\"] }"),
			"artifact-name-collision", "p.hcl:8:14"},
		{"native key <<", "p.hcl", hclStage(step("x") + "\n    native \"github\" {\n      a = { \"<<\" = { b = 1 } }\n    }"), "bad-native-key", "p.hcl:8:13"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, ds := generate(t, c.file, []byte(c.src))
			var first *diag.Diagnostic
			for _, d := range ds {
				if msg := d.Broken(c.file); msg != "" {
					t.Errorf("diagnostic %v: %s", d, msg)
				}
				if d.Severity == diag.Error && first == nil {
					first = d
				}
			}
			if first == nil || first.Code != c.code || first.Subject.String() != c.at {
				t.Fatalf("first error %v, want %s at %s", first, c.code, c.at)
			}
			for name := range out {
				// A target's own error drops that target's file (the command then
				// writes none); a spec error drops them all.
				if name != "diagnostics.txt" && (first.Target == "" || name == first.Target+".yml") {
					t.Errorf("%s written despite errors", name)
				}
			}
			if len(out["diagnostics.txt"]) > 1<<20 {
				t.Errorf("%d bytes of diagnostics", len(out["diagnostics.txt"]))
			}
		})
	}
}

// hostileValues are strings YAML, a shell or a platform would read otherwise if pipec
// wrote them carelessly: YAML indicators and words, things that look like numbers to
// YAML 1.1, every platform's template syntax, line breaks of every YAML version, control
// characters, and whitespace at the ends. A NUL is not among them: a value holding one
// is an error (testdata/fail-nul-escape).
var hostileValues = []string{
	"a: b", "key: value # comment", "- item", "? question", ": colon", "# hash", "&anchor", "*alias",
	"!!str tag", "!local", "%YAML 1.2", "@at", "`backtick`", "'single' quotes", `"double" quotes`,
	"|", ">", "|-", "---", "...", "[a, b]", "{a: b}", ",", "=", `back\slash`,
	"yes", "no", "on", "off", "y", "n", "true", "null", "~", "0x1F", "1e3", "012", ".inf", "12:30:00", "1_000", "1,000", "-1", "-",
	"{{ mustache }}", "${{ github.token }}", "$${{ not.an.expression }}", "<< pipeline.id >>", "<<: *merge", "${ENV_VAR} $ENV_VAR",
	"%{ not a directive }", "${ not.a.reference }", "$[ variables.x ]",
	" leading space", "trailing space ", "\ttab first", "line one\nline two", "crlf\r\nline", "cr\ronly",
	"bell\a escape\x1b[31m red", "next line\u0085here", "line separator\u2028here", "paragraph\u2029here", "bom\ufeffhere",
	"emoji 🚀 and 中文", "\n\nleading blank lines", "trailing newlines\n\n",
}

// hclQuote writes s as an HCL quoted string: escapes, $${ and %%{ for a literal ${ and
// %{, and \u escapes for what HCL cannot hold raw.
func hclQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// hostileSpec is a spec that carries each of values as a step's script (each alone, then
// all in one script), as a pipeline env value, as a step env value and as a native value;
// the pipeline's description holds them all. HCL and YAML say the same. With
// forShell, each script prints its value through a quoted heredoc (so shellcheck reads
// valid shell) and there is no native block (the platforms' validators know no such key).
func hostileSpec(t *testing.T, values []string, forShell bool) (hclSrc, yamlSrc []byte) {
	t.Helper()
	all := strings.Join(values, "\n")
	script := func(v string) string {
		if forShell {
			return "cat <<'PIPEC_EOF'\n" + v + "\nPIPEC_EOF\n"
		}
		return v
	}
	var h strings.Builder
	fmt.Fprintf(&h, "pipeline \"hostile\" {\n  description = %s\n  on {\n    push {}\n  }\n  env = {\n", hclQuote(all))
	pipelineEnv := targets.Map{}
	for i, v := range values {
		fmt.Fprintf(&h, "    P%d = %s\n", i, hclQuote(v))
		pipelineEnv = append(pipelineEnv, targets.Item{Key: fmt.Sprintf("P%d", i), Value: v})
	}
	h.WriteString("  }\n  stage \"s\" {\n")
	steps := targets.Map{}
	for i, v := range append(append([]string{}, values...), all) {
		fmt.Fprintf(&h, "    step \"s%d\" {\n      run = %s\n      env = { E = %s }\n    }\n", i, hclQuote(script(v)), hclQuote(v))
		steps = append(steps, targets.Item{Key: fmt.Sprintf("s%d", i), Value: targets.Map{
			{Key: "run", Value: script(v)}, {Key: "env", Value: targets.Map{{Key: "E", Value: v}}},
		}})
	}
	stage := targets.Map{{Key: "step", Value: steps}}
	if !forShell {
		h.WriteString("    native \"github\" {\n      pipec_values = [\n")
		var list []any
		for _, v := range values {
			fmt.Fprintf(&h, "        %s,\n", hclQuote(v))
			list = append(list, v)
		}
		h.WriteString("      ]\n    }\n")
		stage = append(stage, targets.Item{Key: "native", Value: targets.Map{{Key: "github", Value: targets.Map{{Key: "pipec_values", Value: list}}}}})
	}
	h.WriteString("  }\n}\n")
	doc := targets.Map{{Key: "pipeline", Value: targets.Map{{Key: "hostile", Value: targets.Map{
		{Key: "description", Value: all},
		{Key: "on", Value: targets.Map{{Key: "push", Value: targets.Map{}}}},
		{Key: "env", Value: pipelineEnv},
		{Key: "stage", Value: targets.Map{{Key: "s", Value: stage}}},
	}}}}}
	// The YAML twin is written the way pipec writes YAML, which quotes what YAML would
	// otherwise misread; a literal "${" is "$${" there too.
	ys, err := targets.Encode("", escapeInterpolation(doc).(targets.Map))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(h.String()), ys
}

// escapeInterpolation writes every "${" of a YAML spec's strings as "$${".
func escapeInterpolation(v any) any {
	switch x := v.(type) {
	case targets.Map:
		out := targets.Map{}
		for _, it := range x {
			out = append(out, targets.Item{Key: it.Key, Value: escapeInterpolation(it.Value)})
		}
		return out
	case []any:
		out := []any{}
		for _, e := range x {
			out = append(out, escapeInterpolation(e))
		}
		return out
	case string:
		return strings.ReplaceAll(x, "${", "$${")
	}
	return v
}

// at walks a parsed YAML document by map keys and list indexes; nil when a step is
// missing.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// find is the element of a list whose value at path is want.
func find(list any, want string, path ...any) any {
	l, _ := list.([]any)
	for _, e := range l {
		if s, _ := at(e, path...).(string); s == want {
			return e
		}
	}
	return nil
}

// places are where each target writes pipeline env value P<i>, and step s<i>'s script
// and env value E.
var places = map[string]struct {
	pipelineEnv func(doc any, i int) any
	script      func(doc any, step string) any
	stepEnv     func(doc any, step string) any // nil: in the script (GitLab exports it)
}{
	"github": {
		func(doc any, i int) any { return at(doc, "env", fmt.Sprintf("P%d", i)) },
		func(doc any, st string) any { return at(find(at(doc, "jobs", "s", "steps"), st, "name"), "run") },
		func(doc any, st string) any { return at(find(at(doc, "jobs", "s", "steps"), st, "name"), "env", "E") },
	},
	"gitlab": {
		func(doc any, i int) any { return at(doc, "variables", fmt.Sprintf("P%d", i)) },
		func(doc any, st string) any {
			l, _ := at(doc, "s", "script").([]any)
			for _, item := range l {
				if s, _ := item.(string); strings.HasPrefix(s, "# "+st+"\n") {
					return s
				}
			}
			return nil
		},
		nil,
	},
	"circleci": {
		func(doc any, i int) any { return at(doc, "jobs", "s", "environment", fmt.Sprintf("P%d", i)) },
		func(doc any, st string) any {
			return at(find(at(doc, "jobs", "s", "steps"), st, "run", "name"), "run", "command")
		},
		func(doc any, st string) any {
			return at(find(at(doc, "jobs", "s", "steps"), st, "run", "name"), "run", "environment", "E")
		},
	},
	"azure": {
		func(doc any, i int) any {
			// A value Azure would read as a runtime expression ($[ ... ]) in a variable
			// is given to each step's env instead.
			if v := at(doc, "variables", fmt.Sprintf("P%d", i)); v != nil {
				return v
			}
			return at(find(at(doc, "stages", 0, "jobs", 0, "steps"), "s0", "displayName"), "env", fmt.Sprintf("P%d", i))
		},
		func(doc any, st string) any {
			return at(find(at(doc, "stages", 0, "jobs", 0, "steps"), st, "displayName"), "bash")
		},
		func(doc any, st string) any {
			return at(find(at(doc, "stages", 0, "jobs", 0, "steps"), st, "displayName"), "env", "E")
		},
	},
}

// readBack is the text a platform sees for a YAML string: GitHub and Azure evaluate
// ${{ '${{' }} to ${{, GitLab reads $$ in variables as $, CircleCI reads \<< as <<.
func readBack(target string, v any, variable bool) (string, bool) {
	s, ok := v.(string)
	switch target {
	case "github", "azure":
		s = strings.ReplaceAll(s, "${{ '${{' }}", "${{")
	case "gitlab":
		if variable {
			s = strings.ReplaceAll(s, "$$", "$")
		}
	case "circleci":
		s = strings.ReplaceAll(s, `\<<`, "<<")
	}
	return s, ok
}

// Every hostile value comes back, from every target's YAML read by two parsers, as a
// string that holds it unchanged: scripts whole (GitLab folds a stage's steps into
// one script, so the value is a part of it), env values as the variable's value, with
// the platform's own escapes undone. The header's description stays comments. The HCL
// and YAML specs give the same files.
func TestHostileValuesRoundTrip(t *testing.T) {
	hclSrc, yamlSrc := hostileSpec(t, hostileValues, false)
	fromHCL, ds := generate(t, "pipeline.hcl", hclSrc)
	if ds.HasErrors() {
		t.Fatalf("the hostile spec does not compile: %s", fromHCL["diagnostics.txt"])
	}
	fromYAML, ds := generate(t, "pipeline.yaml", yamlSrc)
	if ds.HasErrors() {
		t.Fatalf("the YAML twin does not compile: %s", fromYAML["diagnostics.txt"])
	}
	for name, data := range fromHCL {
		target := strings.TrimSuffix(name, ".yml")
		if _, ok := places[target]; !ok {
			continue // diagnostics.txt; graph.mmd, a picture of the stages
		}
		t.Run(target, func(t *testing.T) {
			if !bytes.Equal(withoutHeader(data), withoutHeader(fromYAML[name])) {
				t.Error("the HCL and YAML specs give different files")
			}
			var doc, bare any
			if err := yaml.Unmarshal(data, &doc); err != nil {
				t.Fatalf("not YAML to goccy/go-yaml: %v", err)
			}
			if err := yaml.Unmarshal(withoutHeader(data), &bare); err != nil || fmt.Sprint(doc) != fmt.Sprint(bare) {
				t.Fatalf("the header is more than comments (%v)", err)
			}
			var v3 any
			if err := yamlv3.Unmarshal(data, &v3); err != nil {
				t.Fatalf("not YAML to go.yaml.in/yaml/v3: %v", err)
			}
			// Both parsers read every value back where the target wrote it.
			pl := places[target]
			for parser, d := range map[string]any{"goccy": doc, "yaml.v3": v3} {
				for i, want := range hostileValues {
					want = strings.ToValidUTF8(want, "\uFFFD")
					st := fmt.Sprintf("s%d", i)
					if got, ok := readBack(target, pl.pipelineEnv(d, i), true); !ok || got != want {
						t.Errorf("%s: pipeline env P%d reads %q, want %q", parser, i, got, want)
					}
					// A script runs with pipec's lines around it (GitLab's subshell,
					// Azure's set -eo pipefail): the value is there whole.
					if got, ok := readBack(target, pl.script(d, st), false); !ok || !strings.Contains(got, want) {
						t.Errorf("%s: step %s's script %q does not hold %q", parser, st, got, want)
					}
					if pl.stepEnv != nil {
						if got, ok := readBack(target, pl.stepEnv(d, st), false); !ok || got != want {
							t.Errorf("%s: step %s's env E reads %q, want %q", parser, st, got, want)
						}
					}
				}
			}
			if !utf8.Valid(data) {
				t.Error("output is not UTF-8")
			}
		})
	}
}

// withoutHeader drops a generated file's leading comment lines.
func withoutHeader(data []byte) []byte {
	for bytes.HasPrefix(data, []byte("#")) {
		_, data, _ = bytes.Cut(data, []byte("\n"))
	}
	return data
}

// The hostile spec's files pass each platform's own validators (../shared/oracles),
// shellcheck on GitHub's scripts included. Its scripts print the values through quoted
// heredocs; a carriage return or NUL in a script is not valid shell, so those values are
// left out.
func TestHostileOutputsPassOracles(t *testing.T) {
	dir := oracles(t)
	var values []string
	for _, v := range hostileValues {
		if !strings.ContainsAny(v, "\r\x00") {
			values = append(values, v)
		}
	}
	hclSrc, _ := hostileSpec(t, values, true)
	out, ds := generate(t, "pipeline.hcl", hclSrc)
	if ds.HasErrors() {
		t.Fatalf("the hostile spec does not compile: %s", out["diagnostics.txt"])
	}
	tmp := t.TempDir()
	for _, target := range []string{"github", "gitlab", "circleci", "azure"} {
		t.Run(target, func(t *testing.T) {
			file := filepath.Join(tmp, target+".yml")
			if target == "github" {
				// actionlint reads a workflow only inside a repository's tree.
				root := filepath.Join(tmp, "gh")
				wf := filepath.Join(root, ".github", "workflows")
				if err := os.MkdirAll(wf, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(filepath.Join(root, ".git"), 0o755); err != nil {
					t.Fatal(err)
				}
				file = filepath.Join(wf, "hostile.yml")
			}
			if err := os.WriteFile(file, out[target+".yml"], 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join(dir, "check.sh"), target, file)
			killGroup(cmd)
			res, err := cmd.CombinedOutput()
			switch code := exitCode(err); {
			case code == oracleNotInstalled:
				notInstalled(t, res)
			case err != nil:
				t.Fatalf("check.sh %s failed (%v):\n%s", target, err, res)
			}
		})
	}
}
