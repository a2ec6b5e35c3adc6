package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
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
		clearHasSeverity(got) // pipec's own mark, which hclsimple does not set
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s %q: decoded %+v, hclsimple %+v", c.name, c.src, got, want)
		}
	}
}

// clearHasSeverity clears the mark decodeLintConfig sets on each rule whose severity it
// read, so the configuration compares with hclsimple's.
func clearHasSeverity(c *lintConfig) {
	if c.Lint == nil {
		return
	}
	for i := range c.Lint.Rules {
		c.Lint.Rules[i].hasSeverity = false
	}
	for _, p := range c.Lint.Paths {
		for i := range p.Rules {
			p.Rules[i].hasSeverity = false
		}
	}
}

// Every mistake in a lint configuration is a diagnostic as a spec's are: in the file, at
// line:column 1:1 or later, with the lint-config code, and printed FILE:LINE:COL.
func TestLintConfigMistakesAreDiagnostics(t *testing.T) {
	cases := []struct{ name, src string }{
		{"a.hcl", "lint {}\nlint {}\n"},
		{"a.hcl", "lint {\n  rule \"x\" {}\n}\n"},
		{"a.hcl", "lint {\n  rule \"x\" { severity = 3 }\n}\n"},
		{"a.hcl", "lint {\n  bogus = 1\n}\n"},
		{"a.hcl", "lint {\n"},
		{"a.hcl", "lint {\n  rule \"missing-timout\" { severity = \"off\" }\n}\n"},
		{"a.hcl", "lint {\n  rule \"missing-timeout\" { severity = \"warn\" }\n}\n"},
		{"a.hcl", "lint {\n  paths \"[]\" {}\n}\n"},
		{"a.hcl", "lint {\n  paths \"[\" {}\n}\n"},
		{"a.hcl", "lint {\n  paths \"!legacy/**\" {}\n}\n"},
		{"a.json", `{"lint": [}`},
		{"lint.conf", "lint {}\n"},
		{"empty.conf", ""},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), c.name)
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := loadLintConfig(path, true)
		var ce *configError
		if !errors.As(err, &ce) || len(ce.ds) == 0 {
			t.Errorf("%s %q: want diagnostics, got %v", c.name, c.src, err)
			continue
		}
		for _, d := range ce.ds {
			if msg := d.Broken(filepath.ToSlash(path)); msg != "" || d.Code != configCode {
				t.Errorf("%s %q: %v: %s", c.name, c.src, d, msg)
			}
		}
		var out bytes.Buffer
		reportLoadError(&out, err, false)
		if want := filepath.ToSlash(path) + ":"; !strings.HasPrefix(out.String(), want) || !strings.Contains(out.String(), "[lint-config]") {
			t.Errorf("%s %q: printed\n%s", c.name, c.src, out.String())
		}
	}
}
