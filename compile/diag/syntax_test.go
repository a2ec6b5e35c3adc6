package diag

import "testing"

func TestCode(t *testing.T) {
	cases := []struct{ hcl, cue, json, yaml string }{
		{`batches = 3`, `batches: 3`, `"batches": 3`, `batches: 3`},
		{`increments = [10, 50]`, `increments: [10, 50]`, `"increments": [10, 50]`, `increments: [10, 50]`},
		{`step "NAME" { run = "..." }`, `step: NAME: { run: "..." }`, `"step": {"NAME": {"run": "..."}}`, `step: {NAME: {run: "..."}}`},
		{`stage "NAME" { step "NAME" { run = "..." } }`, `stage: NAME: { step: NAME: { run: "..." } }`, `"stage": {"NAME": {"step": {"NAME": {"run": "..."}}}}`, `stage: {NAME: {step: {NAME: {run: "..."}}}}`},
		{`axes = { python = ["3.11", "3.12"] }`, `axes: { python: ["3.11", "3.12"] }`, `"axes": {"python": ["3.11", "3.12"]}`, `axes: {python: ["3.11", "3.12"]}`},
		{`strategy "blue_green" {}`, `strategy: blue_green: {}`, `"strategy": {"blue_green": {}}`, `strategy: {blue_green: {}}`},
		{`on { manual { input "NAME" { ... } } }`, `on: { manual: { input: NAME: { ... } } }`, `"on": {"manual": {"input": {"NAME": {...}}}}`, `on: {manual: {input: {NAME: {...}}}}`},
		{`when = input.force`, `when: "input.force"`, `"when": "input.force"`, `when: input.force`},
		{`not = [HCL`, `not = [HCL`, `not = [HCL`, `not = [HCL`},
	}
	for _, c := range cases {
		for file, want := range map[string]string{"p.hcl": c.hcl, "p.cue": c.cue, "p.json": c.json, "p.yaml": c.yaml, "p.yml": c.yaml} {
			if got := Code(file, c.hcl); got != want {
				t.Errorf("Code(%q, %q) = %q, want %q", file, c.hcl, got, want)
			}
		}
	}
}
