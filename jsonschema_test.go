package pipec_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/schema"
	"github.com/pipec-dev/pipec/targets/all"
)

// The JSON Schema that editors use (schema/pipeline.schema.json) is checked with a real
// validator: it accepts the YAML twin of every golden case that compiles without error,
// rejects the broken ones, and says where: each error's instance location is the field at
// fault.

func compileJSONSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.JSONSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("pipeline.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("pipeline.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlInstance reads a YAML document as the JSON value a validator sees.
func yamlInstance(t *testing.T, src []byte) any {
	t.Helper()
	js, err := yaml.YAMLToJSON(src)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// leafLocations lists the instance locations of the innermost errors, as /a/b/c.
func leafLocations(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, "/"+strings.Join(e.InstanceLocation, "/"))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return out
}

func TestJSONSchemaGoldenYAML(t *testing.T) {
	s := compileJSONSchema(t)
	specs, err := filepath.Glob(filepath.Join("testdata", "*", "pipeline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) < 3 {
		t.Fatalf("only %d YAML cases", len(specs))
	}
	for _, spec := range specs {
		dir := filepath.Dir(spec)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := os.ReadFile(filepath.Join(dir, "want", "diagnostics.txt"))
			shapeErrors := bytes.Contains(want, []byte("[wrong-type]")) || bytes.Contains(want, []byte("[unknown-"))
			err = s.Validate(yamlInstance(t, src))
			switch {
			case shapeErrors && err == nil:
				t.Errorf("the JSON Schema accepts a spec with shape errors:\n%s", want)
			case !shapeErrors && err != nil:
				t.Errorf("the JSON Schema rejects a good spec: %v", err)
			}
		})
	}
}

func TestJSONSchemaRejects(t *testing.T) {
	s := compileJSONSchema(t)
	const head = "pipeline:\n  p:\n    on: {push: {}}\n    stage:\n      build:\n"
	cases := []struct {
		name, doc string
		where     []string // every leaf error location, in any order
	}{
		{"unknown step field", head + "        step:\n          compile: {rnu: make}\n",
			[]string{"/pipeline/p/stage/build/step/compile", "/pipeline/p/stage/build/step/compile"}},
		{"needs as a string", head + "        needs: lint\n        step: {a: {run: x}}\n",
			[]string{"/pipeline/p/stage/build/needs"}},
		{"timeout as a number", head + "        timeout: 30\n        step: {a: {run: x}}\n",
			[]string{"/pipeline/p/stage/build/timeout"}},
		{"bad duration", head + "        timeout: soon\n        step: {a: {run: x}}\n",
			[]string{"/pipeline/p/stage/build/timeout"}},
		{"retries as a string", head + "        retries: two\n        step: {a: {run: x}}\n",
			[]string{"/pipeline/p/stage/build/retries"}},
		{"runner as a number", head + "        runner: 3\n        step: {a: {run: x}}\n",
			[]string{"/pipeline/p/stage/build/runner", "/pipeline/p/stage/build/runner"}},
		{"two strategies", head + "        strategy: {canary: {}, rolling: {}}\n        step: {a: {run: x}}\n",
			[]string{"/pipeline/p/stage/build/strategy"}},
		{"unknown top-level field", "pipelines: {}\n", []string{"/"}},
		{"no stage", "pipeline:\n  p:\n    on: {push: {}}\n", []string{"/pipeline/p"}},
		{"empty stage map", "pipeline:\n  p:\n    on: {push: {}}\n    stage: {}\n", []string{"/pipeline/p/stage"}},
		{"no step", head + "        timeout: 5m\n", []string{"/pipeline/p/stage/build"}},
		{"no trigger", "pipeline:\n  p:\n    stage: {build: {step: {a: {run: x}}}}\n", []string{"/pipeline/p"}},
		{"unknown shell", head + "        step:\n          a: {run: x, shell: zsh}\n",
			[]string{"/pipeline/p/stage/build/step/a/shell"}},
		{"unknown runner class", head + "        runner: linux-amd64\n        step: {a: {run: x}}\n",
			[]string{"/pipeline/p/stage/build/runner", "/pipeline/p/stage/build/runner"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := s.Validate(yamlInstance(t, []byte(c.doc)))
			if err == nil {
				t.Fatalf("accepted:\n%s", c.doc)
			}
			got := leafLocations(err)
			for _, w := range c.where {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("no error at %s; errors at %v:\n%v", w, got, err)
				}
			}
			for _, g := range got {
				if !strings.HasPrefix(g, c.where[0]) {
					t.Errorf("an error at %s, outside %s:\n%v", g, c.where[0], err)
				}
			}
		})
	}
}

// A block label outside its closed set is rejected. (The validator locates an invalid
// property name at the document's root, so only the rejection is checked.)
func TestJSONSchemaRejectsLabels(t *testing.T) {
	s := compileJSONSchema(t)
	const head = "pipeline:\n  p:\n    on: {push: {}}\n    stage:\n      build:\n        step: {a: {run: x}}\n"
	for _, doc := range []string{
		head + "        strategy: {blue-green: {}}\n",
		head + "        native: {gitlab-ci: {tags: [a]}}\n",
	} {
		if err := s.Validate(yamlInstance(t, []byte(doc))); err == nil {
			t.Errorf("accepted:\n%s", doc)
		}
	}
	if err := s.Validate(yamlInstance(t, []byte(head+"        strategy: {blue_green: {}}\n        native: {gitlab: {tags: [a]}}\n"))); err != nil {
		t.Errorf("rejects a known strategy and target: %v", err)
	}
}

// The values the JSON Schema offers an editor are exactly those the compiler accepts: a
// value it lists is never an error, and one it leaves out always is.
func TestJSONSchemaEnumsMatchCompiler(t *testing.T) {
	attrEnum := func(b *schema.Body, name string) []string {
		a, ok := b.Attr(name)
		if !ok {
			t.Fatalf("%s has no attribute %s", b.Name, name)
		}
		return a.Enum
	}
	blockLabels := func(b *schema.Body, name string) []string {
		bl, ok := b.Block(name)
		if !ok {
			t.Fatalf("%s has no block %s", b.Name, name)
		}
		return bl.Labels
	}
	for _, c := range []struct {
		what      string
		got, want []string
	}{
		{"step shell", attrEnum(schema.Step, "shell"), model.Shells},
		{"input type", attrEnum(schema.Input, "type"), model.InputTypes},
		{"stage runner", attrEnum(schema.Stage, "runner"), model.RunnerClasses},
		{"defaults runner", attrEnum(schema.Defaults, "runner"), model.RunnerClasses},
		{"strategy kinds", blockLabels(schema.Stage, "strategy"), model.StrategyKinds},
		{"native targets", blockLabels(schema.Stage, "native"), all.Names()},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: the JSON Schema lists %q, the compiler accepts %q", c.what, c.got, c.want)
		}
	}
}

// The JSON Schema's patterns, ranges and least list lengths are the compiler's rules: on
// each value below, placed where the rule applies, the JSON Schema rejects the spec
// exactly when the compiler refuses it (a target's own limits aside: CircleCI's
// parameter names, GitHub's longest timeout). (Rules no pattern says are left out: a
// duration's total must be at most a year, an env variable may not start
// with PIPEC_, a pipeline may not be named after a Windows device.)
func TestJSONSchemaRulesMatchCompiler(t *testing.T) {
	s := compileJSONSchema(t)
	long := strings.Repeat("a", 100)
	names := []string{"build", "_b", "b-2", "B_c", long, long + "a", "2b", "-b", "b.c", "b c", "é", ""}
	vars := []string{"A", "_a", "a_2", long, long + "a", "a-b", "2a", "a.b", "", "é"}
	spec := func(pipeline, pipelineBody, stage, stageBody string) string {
		return "pipeline:\n  " + pipeline + ":\n    on: {push: {}}\n" + pipelineBody +
			"    stage:\n      " + stage + ":\n        step: {a: {run: x}}\n" + stageBody
	}
	q := func(v string) string { b, _ := json.Marshal(v); return string(b) }
	cases := []struct {
		where  string
		values []string
		doc    func(v string) string
	}{
		{"pipeline name", append(names, "p.1", "1p"), func(v string) string { return spec(q(v), "", "s", "") }},
		{"stage name", names, func(v string) string { return spec("p", "", q(v), "") }},
		{"step name", names, func(v string) string { return spec("p", "", "s", "        verify: {step: {"+q(v)+": {run: x}}}\n") }},
		{"needs", names, func(v string) string {
			return spec("p", "", "s", "") + "      " + q(v) + ": {step: {a: {run: x}}}\n      t: {needs: [" + q(v) + "], step: {a: {run: x}}}\n"
		}},
		{"secret name", vars, func(v string) string {
			return strings.Replace(spec("p", "    secret: {"+q(v)+": {}}\n", "s", ""), "{run: x}", "{run: x, env: {X: \"${secret."+v+"}\"}}", 1)
		}},
		{"environment name", names, func(v string) string {
			return spec("p", "    environment: {"+q(v)+": {}}\n", "s", "        environment: "+q(v)+"\n")
		}},
		{"service name", names, func(v string) string { return spec("p", "", "s", "        service: {"+q(v)+": {image: redis:7}}\n") }},
		{"artifact name", names, func(v string) string { return spec("p", "", "s", "        artifact: {"+q(v)+": {paths: [out/]}}\n") }},
		{"input name", vars, func(v string) string {
			return strings.Replace(spec("p", "", "s", ""), "on: {push: {}}", "on: {push: {}, manual: {input: {"+q(v)+": {}}}}", 1)
		}},
		{"output name", vars, func(v string) string { return spec("p", "", "s", "        outputs: ["+q(v)+"]\n") }},
		{"env key", vars, func(v string) string { return spec("p", "    env: {"+q(v)+": x}\n", "s", "") }},
		{"matrix axis", vars, func(v string) string { return spec("p", "", "s", "        matrix: {axes: {"+q(v)+": [a]}}\n") }},
		{"matrix include key", vars, func(v string) string {
			return spec("p", "", "s", "        matrix: {axes: {"+q(v)+": [a]}, include: [{"+q(v)+": b}]}\n")
		}},
		{"retries", []string{"-1", "0", "2", "10", "11"}, func(v string) string { return spec("p", "", "s", "        retries: "+v+"\n") }},
		{"defaults retries", []string{"-1", "0", "10", "11"}, func(v string) string { return spec("p", "    defaults: {retries: "+v+"}\n", "s", "") }},
		{"port", []string{"0", "1", "5432", "65535", "65536"}, func(v string) string {
			return spec("p", "", "s", "        service: {db: {image: postgres:16, ports: ["+v+"]}}\n")
		}},
		{"canary increment", []string{"0", "1", "50", "99", "100"}, func(v string) string {
			return spec("p", "    environment: {prod: {}}\n", "s", "        environment: prod\n        strategy: {canary: {increments: ["+v+"]}}\n")
		}},
		{"matrix max_parallel", []string{"-1", "0", "1", "8"}, func(v string) string {
			return spec("p", "", "s", "        matrix: {axes: {x: [a, b]}, max_parallel: "+v+"}\n")
		}},
		{"rolling batches", []string{"0", "1", "100", "101"}, func(v string) string {
			return spec("p", "    environment: {prod: {}}\n", "s", "        environment: prod\n        strategy: {rolling: {batches: "+v+"}}\n")
		}},
		{"rolling max_parallel", []string{"0", "1", "3"}, func(v string) string {
			return spec("p", "    environment: {prod: {}}\n", "s", "        environment: prod\n        strategy: {rolling: {batches: 4, max_parallel: "+v+"}}\n")
		}},
		{"input type", []string{"string", "boolean", "number", "strin", "int", ""}, func(v string) string {
			return strings.Replace(spec("p", "", "s", ""), "on: {push: {}}", "on: {push: {}, manual: {input: {i: {type: "+q(v)+"}}}}", 1)
		}},
		{"matrix axes", []string{"{}", "{x: [a]}"}, func(v string) string { return spec("p", "", "s", "        matrix: {axes: "+v+"}\n") }},
		{"steps", []string{"", "step: {}", "step: {b: {run: y}}"}, func(v string) string {
			return strings.Replace(spec("p", "", "s", ""), "step: {a: {run: x}}", v, 1)
		}},
		{"verify steps", []string{"{}", "{step: {}}", "{step: {v: {run: y}}}"}, func(v string) string { return spec("p", "", "s", "        verify: "+v+"\n") }},
		{"triggers", []string{"", "on: {}", "on: {push: {}}", "on: {manual: {}}", "on: {schedule: {}}", "on: {schedule: {n: {cron: '0 1 * * *'}}}", "on: {push: {}, schedule: {}}"}, func(v string) string {
			return strings.Replace(spec("p", "", "s", ""), "on: {push: {}}", v, 1)
		}},
		{"pipelines", []string{"{}", "pipeline: {}", "ONE", "TWO"}, func(v string) string {
			one := spec("p", "", "s", "")
			switch v {
			case "ONE":
				return one
			case "TWO":
				return one + strings.TrimPrefix(spec("q", "", "s", ""), "pipeline:\n")
			}
			return v + "\n"
		}},
		{"needs twice", []string{"[t]", "[t, t]"}, func(v string) string {
			return spec("p", "", "s", "        needs: "+v+"\n") + "      t: {step: {a: {run: x}}}\n"
		}},
		{"outputs twice", []string{"[o]", "[o, o]"}, func(v string) string { return spec("p", "", "s", "        outputs: "+v+"\n") }},
		{"runner labels", []string{"[]", "[self-hosted]"}, func(v string) string { return spec("p", "", "s", "        runner: "+v+"\n") }},
		{"defaults runner labels", []string{"[]", "[self-hosted]"}, func(v string) string { return spec("p", "    defaults: {runner: "+v+"}\n", "s", "") }},
		{"canary increments", []string{"[]", "[10, 50]"}, func(v string) string {
			return spec("p", "    environment: {prod: {}}\n", "s", "        environment: prod\n        strategy: {canary: {increments: "+v+"}}\n")
		}},
		{"$schema", []string{`"./pipeline.schema.json"`, "3", "{}"}, func(v string) string { return "$schema: " + v + "\n" + spec("p", "", "s", "") }},
		{"axis values", []string{"[]", "[a]"}, func(v string) string { return spec("p", "", "s", "        matrix: {axes: {x: "+v+"}}\n") }},
		{"cache paths", []string{"[]", "[.cache]"}, func(v string) string { return spec("p", "", "s", "        cache: {paths: "+v+"}\n") }},
		{"artifact paths", []string{"[]", "[out/]"}, func(v string) string { return spec("p", "", "s", "        artifact: {a: {paths: "+v+"}}\n") }},
		{"duration", []string{"90s", "30m", "1h30m", "2w3d4h5m6s", "1d1s", "30m1h", "1h1h", "1h30", "h", "1y", "1 h", "0s", "00m", "0h0m0s", "0h1m", "0w0d10s"}, func(v string) string {
			return spec("p", "", "s", "        timeout: "+q(v)+"\n")
		}},
		{"step timeout", []string{"0s", "1s", "0m"}, func(v string) string {
			return strings.Replace(spec("p", "", "s", ""), "{run: x}", "{run: x, timeout: "+q(v)+"}", 1)
		}},
		{"artifact expire_in", []string{"0d", "7d", "0h30m"}, func(v string) string {
			return spec("p", "", "s", "        artifact: {a: {paths: [out/], expire_in: "+q(v)+"}}\n")
		}},
		{"run", []string{"x", " make ", "", " ", "\t\n", "\u00a0", "\u3000\u2028", "\u00a0x", "\u200b"}, func(v string) string {
			return strings.Replace(spec("p", "", "s", ""), "{run: x}", "{run: "+q(v)+"}", 1)
		}},
	}
	for _, c := range cases {
		for _, v := range c.values {
			doc := c.doc(v)
			_, ds := generate(t, "pipeline.yaml", []byte(doc))
			refused := false // by the compiler; a target's own limits are not the language's
			for _, d := range ds {
				refused = refused || (d.Severity == diag.Error && d.Target == "")
			}
			rejected := s.Validate(yamlInstance(t, []byte(doc))) != nil
			if refused != rejected {
				t.Errorf("%s %q: pipec refuses it: %v, the JSON Schema rejects it: %v\n%s\n%v", c.where, v, refused, rejected, doc, ds)
			}
		}
	}
}
