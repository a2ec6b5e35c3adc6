package model

import (
	"strings"
	"testing"
)

func str(s string) *Value { return &Value{Kind: KindString, Str: s} }

func cell(kv ...string) *MatrixCell {
	c := &MatrixCell{}
	for i := 0; i < len(kv); i += 2 {
		c.Values = append(c.Values, &Entry{Key: kv[i], Value: str(kv[i+1])})
	}
	return c
}

func render(cells []Cell) string {
	var out []string
	for _, c := range cells {
		var kv []string
		for _, p := range c {
			kv = append(kv, p.Key+"="+p.Value)
		}
		out = append(out, strings.Join(kv, ","))
	}
	return strings.Join(out, "|")
}

// The cases follow the examples of GitHub's "Expanding or adding matrix configurations".
func TestCellsFollowGitHubRules(t *testing.T) {
	axes := []*Axis{
		{Name: "os", Values: []*Value{str("linux"), str("mac")}},
		{Name: "v", Values: []*Value{str("1"), str("2")}},
	}
	cases := []struct {
		name             string
		include, exclude []*MatrixCell
		want             string
	}{
		{"product", nil, nil, "os=linux,v=1|os=linux,v=2|os=mac,v=1|os=mac,v=2"},
		{"exclude", nil, []*MatrixCell{cell("os", "mac", "v", "1")}, "os=linux,v=1|os=linux,v=2|os=mac,v=2"},
		{"exclude on one axis", nil, []*MatrixCell{cell("os", "mac")}, "os=linux,v=1|os=linux,v=2"},
		{
			"include merges and adds",
			[]*MatrixCell{cell("os", "linux", "extra", "x"), cell("os", "win", "v", "3")},
			[]*MatrixCell{cell("os", "mac", "v", "1")},
			"os=linux,v=1,extra=x|os=linux,v=2,extra=x|os=mac,v=2|os=win,v=3",
		},
		{
			// A later include may replace a value an earlier one added, never an axis value.
			"include replaces added values only",
			[]*MatrixCell{cell("color", "green"), cell("color", "pink", "v", "2"), cell("os", "linux", "v", "3")},
			nil,
			"os=linux,v=1,color=green|os=linux,v=2,color=pink|os=mac,v=1,color=green|os=mac,v=2,color=pink|os=linux,v=3",
		},
		{"include excluded cell again", []*MatrixCell{cell("os", "mac", "v", "1")}, []*MatrixCell{cell("os", "mac", "v", "1")}, "os=linux,v=1|os=linux,v=2|os=mac,v=2|os=mac,v=1"},
	}
	for _, c := range cases {
		m := &Matrix{Axes: axes, Include: c.include, Exclude: c.exclude}
		if got := render(m.Cells()); got != c.want {
			t.Errorf("%s:\n got  %s\n want %s", c.name, got, c.want)
		}
	}
}

// A runner's OS comes from its class, or from a label that names one (any case); a
// label list naming none leaves it unknown.
func TestRunnerOS(t *testing.T) {
	labels := func(ls ...string) *Runner {
		r := &Runner{}
		for _, l := range ls {
			r.Labels = append(r.Labels, String{Value: l})
		}
		return r
	}
	for _, c := range []struct {
		r    *Runner
		want string
	}{
		{&Runner{Class: RunnerLinuxARM64}, RunnerLinux},
		{&Runner{Class: RunnerMacOS}, RunnerMacOS},
		{labels("self-hosted", "Windows", "x64"), RunnerWindows},
		{labels("self-hosted", "linux"), RunnerLinux},
		{labels("self-hosted", "macOS", "arm64"), RunnerMacOS},
		{labels("self-hosted", "gpu", "win"), ""},
	} {
		if got := c.r.OS(); got != c.want {
			t.Errorf("%+v: OS() = %q, want %q", c.r, got, c.want)
		}
	}
}
