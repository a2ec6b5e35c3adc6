package azure

import (
	"strings"
	"testing"
)

// evalCond evaluates the part of Azure's expression language pipec writes into stage
// conditions (and, or, not, eq, ne, in, startsWith, endsWith, replace, coalesce, iif,
// succeeded, variables['X'], string literals), comparing without case as Azure does.
// Variables not in vars are null (an empty string here). It lets tests ask what a
// condition decides in a given run, not only how it is spelled.
func evalCond(t *testing.T, src string, vars map[string]string) any {
	t.Helper()
	p := &condParser{src: src, vars: vars, t: t}
	v := p.expr()
	if p.skip(); p.pos != len(p.src) {
		t.Fatalf("condition %q: unexpected text at %d", src, p.pos)
	}
	return v
}

type condParser struct {
	src  string
	pos  int
	vars map[string]string
	t    *testing.T
}

func (p *condParser) skip() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *condParser) eat(s string) {
	p.skip()
	if !strings.HasPrefix(p.src[p.pos:], s) {
		p.t.Fatalf("condition %q: want %q at %d", p.src, s, p.pos)
	}
	p.pos += len(s)
}

func (p *condParser) str() string {
	p.eat("'")
	var b strings.Builder
	for {
		i := strings.IndexByte(p.src[p.pos:], '\'')
		if i < 0 {
			p.t.Fatalf("condition %q: unterminated string", p.src)
		}
		b.WriteString(p.src[p.pos : p.pos+i])
		p.pos += i + 1
		if !strings.HasPrefix(p.src[p.pos:], "'") {
			return b.String()
		}
		b.WriteByte('\'')
		p.pos++
	}
}

func (p *condParser) expr() any {
	p.skip()
	if strings.HasPrefix(p.src[p.pos:], "'") {
		return p.str()
	}
	if strings.HasPrefix(p.src[p.pos:], "variables[") {
		p.eat("variables[")
		name := p.str()
		p.eat("]")
		return p.vars[name]
	}
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] != '(' {
		p.pos++
	}
	fn := p.src[start:p.pos]
	p.eat("(")
	var args []any
	for p.skip(); !strings.HasPrefix(p.src[p.pos:], ")"); p.skip() {
		args = append(args, p.expr())
		if p.skip(); strings.HasPrefix(p.src[p.pos:], ",") {
			p.pos++
		}
	}
	p.eat(")")
	return p.call(fn, args)
}

func (p *condParser) call(fn string, a []any) any {
	s := func(i int) string {
		if v, ok := a[i].(string); ok {
			return strings.ToLower(v)
		}
		p.t.Fatalf("condition %q: %s wants a string argument %d", p.src, fn, i)
		return ""
	}
	b := func(i int) bool {
		if v, ok := a[i].(bool); ok {
			return v
		}
		p.t.Fatalf("condition %q: %s wants a boolean argument %d", p.src, fn, i)
		return false
	}
	switch fn {
	case "succeeded":
		return true
	case "and", "or":
		out := fn == "and"
		for i := range a {
			if b(i) != out {
				return !out
			}
		}
		return out
	case "not":
		return !b(0)
	case "eq":
		return s(0) == s(1)
	case "ne":
		return s(0) != s(1)
	case "in":
		for i := 1; i < len(a); i++ {
			if s(0) == s(i) {
				return true
			}
		}
		return false
	case "startsWith":
		return strings.HasPrefix(s(0), s(1))
	case "endsWith":
		return strings.HasSuffix(s(0), s(1))
	case "replace":
		return strings.ReplaceAll(a[0].(string), a[1].(string), a[2].(string))
	case "coalesce":
		for _, v := range a {
			if v != "" {
				return v
			}
		}
		return ""
	case "iif":
		if b(0) {
			return a[1]
		}
		return a[2]
	}
	p.t.Fatalf("condition %q: unknown function %s", p.src, fn)
	return nil
}

// TestBranchAndTagConditionsDecideEachRun evaluates the conditions Azure receives in a
// branch push, a tag push and a pull request: ci.branch is empty on a tag push and ci.tag
// on a branch push, whether a condition tests them bare, by prefix or suffix, or against
// another value (Azure's variables hold the full ref in both cases).
func TestBranchAndTagConditionsDecideEachRun(t *testing.T) {
	src := `pipeline "p" {
  on {
    push {}
    pull_request {}
    manual {
      input "target" {}
    }
  }
  stage "a" {
    when = WHEN
    step "s" { run = "true" }
  }
}
`
	runs := map[string]map[string]string{
		"push main":       {"Build.SourceBranch": "refs/heads/main", "Build.Reason": "IndividualCI"},
		"push release/1":  {"Build.SourceBranch": "refs/heads/release/1", "Build.Reason": "IndividualCI"},
		"tag v1":          {"Build.SourceBranch": "refs/tags/v1", "Build.Reason": "IndividualCI"},
		"tag release-rc":  {"Build.SourceBranch": "refs/tags/release-rc", "Build.Reason": "IndividualCI"},
		"pr from feature": {"Build.SourceBranch": "refs/pull/7/merge", "System.PullRequest.SourceBranch": "refs/heads/feature", "Build.Reason": "PullRequest"},
	}
	cases := map[string][]string{ // when: the runs it holds in
		`ci.tag`:                        {"tag v1", "tag release-rc"},
		`ci.branch`:                     {"push main", "push release/1", "pr from feature"},
		`ci.branch == ""`:               {"tag v1", "tag release-rc"},
		`ci.tag != ""`:                  {"tag v1", "tag release-rc"},
		`startswith(ci.branch, "re")`:   {"push release/1"},
		`matches(ci.branch, "**-rc")`:   nil,
		`matches(ci.tag, "**-rc")`:      {"tag release-rc"},
		`matches(ci.tag, "v*")`:         {"tag v1"},
		`!startswith(ci.branch, "ref")`: {"push main", "push release/1", "tag v1", "tag release-rc", "pr from feature"},
		`ci.branch == input.target`:     {"tag v1", "tag release-rc"},
		`ci.tag == input.target`:        {"push main", "push release/1", "pr from feature"},
		`ci.ref == "refs/heads/main"`:   {"push main"},
		`ci.branch != "main"`:           {"push release/1", "tag v1", "tag release-rc", "pr from feature"},
	}
	for when, want := range cases {
		doc, _, ds := emit(t, strings.Replace(src, "WHEN", when, 1))
		if ds.HasErrors() {
			t.Fatalf("when %s: %v", when, ds)
		}
		cond := get(t, stage(t, doc, "a"), "condition").(string)
		var got []string
		for _, run := range []string{"push main", "push release/1", "tag v1", "tag release-rc", "pr from feature"} {
			vars := map[string]string{"PIPEC_INPUT_TARGET": ""}
			for k, v := range runs[run] {
				vars[k] = v
			}
			if evalCond(t, cond, vars) == true {
				got = append(got, run)
			}
		}
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("when %s holds in runs\n got [%s]\nwant [%s]\ncondition: %s", when, strings.Join(got, ", "), strings.Join(want, ", "), cond)
		}
	}
}
