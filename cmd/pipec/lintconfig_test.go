package main

import (
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsimple"
)

// decodeLintConfig reads what hclsimple.Decode read into lintConfig (the tests still link
// hclsimple, the command does not), and refuses what it refused, with the same summaries.
func TestDecodeLintConfigMatchesHCLSimple(t *testing.T) {
	cases := []struct{ name, src string }{
		{".pipec.hcl", `lint {
  rule "unused-secret" {
    severity = "off"
  }
  paths "legacy/**" {
    rule "image-unpinned" {
      severity = "info"
    }
    rule "missing-timeout" { severity = "warning" }
  }
  paths "x/*" {}
}
`},
		{"empty.hcl", ""},
		{"lint.json", `{"lint": {"rule": {"unused-secret": {"severity": "info"}}, "paths": {"a/**": {"rule": {"x": {"severity": "off"}}}}}}`},
		{"lint.conf", "lint {}\n"},
		{"a.hcl", "lint {}\nlint {}\n"},
		{"a.hcl", "lint {\n  rule \"x\" {}\n}\n"},
		{"a.hcl", "lint {\n  rule \"x\" { severity = [\"off\"] }\n}\n"},
		{"a.hcl", "lint {\n  rule \"x\" { severity = null }\n}\n"},
		{"a.hcl", "lint {\n  rule \"x\" { severity = 3 }\n}\n"},
		{"a.hcl", "lint {\n  rule \"x\" {\n    severity = \"off\"\n    level = 1\n  }\n}\n"},
		{"a.hcl", "lint {\n  rules \"x\" {}\n}\n"},
		{"a.hcl", "lint {\n  rule {}\n}\n"},
		{"a.hcl", "lint {\n  paths \"a\" \"b\" {}\n}\n"},
		{"a.hcl", "lint {\n  severity = \"off\"\n}\n"},
		{"a.hcl", "other {}\n"},
		{"a.hcl", "lint {\n"},
		{"a.hcl", "lint \"x\" {}\n"},
	}
	for _, c := range cases {
		var want lintConfig
		werr := hclsimple.Decode(c.name, []byte(c.src), nil, &want)
		got, ds := decodeLintConfig(c.name, []byte(c.src))
		if (werr != nil) != ds.HasErrors() {
			t.Errorf("%s %q: hclsimple: %v; decodeLintConfig: %v", c.name, c.src, werr, ds)
			continue
		}
		if werr != nil {
			wd := werr.(hcl.Diagnostics)
			if len(wd) == 0 || ds[0].Summary != wd[0].Summary {
				t.Errorf("%s %q: hclsimple says %v; decodeLintConfig says %v", c.name, c.src, werr, ds)
			}
			continue
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s %q: decoded %+v, hclsimple %+v", c.name, c.src, got, want)
		}
	}
}
