package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets/posix"
)

// defaultLintConfig is read from the current directory when --config is not given.
const defaultLintConfig = ".pipec.hcl"

// parseSpec decodes a spec with the front end its name calls for: HCL, or CUE (with the
// other files of its package), JSON and YAML through lang/cue.
func parseSpec(files []cue.File) (*model.Pipeline, diag.Diagnostics) {
	if strings.EqualFold(filepath.Ext(files[0].Name), ".hcl") {
		return hcl.Parse(files[0].Name, files[0].Src)
	}
	return cue.ParseFiles(files)
}

// lintConfig re-levels or turns off rules, for every spec or for specs under a path:
//
//	lint {
//	  rule "missing-timeout" { severity = "off" }
//	  paths "legacy/**" {
//	    rule "image-unpinned" { severity = "info" }
//	  }
//	}
type lintConfig struct {
	Lint *struct {
		Rules []ruleLevel `hcl:"rule,block"`
		Paths []struct {
			Glob  string      `hcl:"glob,label"`
			Rules []ruleLevel `hcl:"rule,block"`
		} `hcl:"paths,block"`
	} `hcl:"lint,block"`
}

type ruleLevel struct {
	ID       string `hcl:"id,label"`
	Severity string `hcl:"severity"`
}

func loadLintConfig(path string, explicit bool) (*lintConfig, error) {
	if path == "" {
		path = defaultLintConfig
	}
	src, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return &lintConfig{}, nil
		}
		return nil, err
	}
	cfg, diags := decodeLintConfig(path, src)
	if diags.HasErrors() {
		return nil, fmt.Errorf("lint configuration: %v", diags)
	}
	if cfg.Lint != nil {
		check := func(rs []ruleLevel) error {
			for _, r := range rs {
				if lint.Lookup(r.ID) == nil {
					msg := fmt.Sprintf("%s: unknown rule %q", path, r.ID)
					if dym := diag.DidYouMean(r.ID, lint.IDs()); dym != "" {
						msg += "; " + dym
					}
					return errors.New(msg)
				}
				if lint.Lookup(r.ID).Compiler {
					return fmt.Errorf("%s: rule %q is the compiler's own check: pipec generate refuses the spec while it fires, so it cannot be re-levelled", path, r.ID)
				}
				if _, ok := parseSeverity(r.Severity); !ok && r.Severity != "off" {
					return fmt.Errorf("%s: rule %q: severity %q is not error, warning, info or off", path, r.ID, r.Severity)
				}
			}
			return nil
		}
		if err := check(cfg.Lint.Rules); err != nil {
			return nil, err
		}
		for _, p := range cfg.Lint.Paths {
			if err := check(p.Rules); err != nil {
				return nil, err
			}
		}
	}
	return cfg, nil
}

// decodeLintConfig reads a lint configuration as hclsimple.Decode would read it into
// lintConfig (an .hcl file, or .json in HCL's JSON syntax), with the schema written out:
// hclsimple's decoder (gohcl) links go-cmp, whose package init cost every pipec process
// 0.7 ms, configuration or not.
func decodeLintConfig(path string, src []byte) (*lintConfig, hclv2.Diagnostics) {
	var f *hclv2.File
	var diags hclv2.Diagnostics
	switch suffix := strings.ToLower(filepath.Ext(path)); suffix {
	case ".hcl":
		f, diags = hclsyntax.ParseConfig(src, path, hclv2.Pos{Line: 1, Column: 1})
	case ".json":
		f, diags = hcljson.Parse(src, path)
	default:
		return nil, diags.Append(&hclv2.Diagnostic{
			Severity: hclv2.DiagError,
			Summary:  "Unsupported file format",
			Detail:   fmt.Sprintf("Cannot read from %s: unrecognized file format suffix %q.", path, suffix),
		})
	}
	if diags.HasErrors() {
		return nil, diags
	}
	cfg := &lintConfig{}
	top, ds := f.Body.Content(&hclv2.BodySchema{Blocks: []hclv2.BlockHeaderSchema{{Type: "lint"}}})
	diags = append(diags, ds...)
	for i, lb := range top.Blocks {
		if i > 0 {
			diags = diags.Append(&hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Duplicate lint block",
				Detail: fmt.Sprintf("Only one lint block is allowed. Another was defined at %s.", top.Blocks[0].DefRange), Subject: &lb.DefRange})
			continue
		}
		cfg.Lint = &struct {
			Rules []ruleLevel `hcl:"rule,block"`
			Paths []struct {
				Glob  string      `hcl:"glob,label"`
				Rules []ruleLevel `hcl:"rule,block"`
			} `hcl:"paths,block"`
		}{}
		rules := hclv2.BlockHeaderSchema{Type: "rule", LabelNames: []string{"id"}}
		body, ds := lb.Body.Content(&hclv2.BodySchema{Blocks: []hclv2.BlockHeaderSchema{rules, {Type: "paths", LabelNames: []string{"glob"}}}})
		diags = append(diags, ds...)
		for _, b := range body.Blocks {
			if b.Type == "rule" {
				cfg.Lint.Rules = append(cfg.Lint.Rules, decodeRuleLevel(b, &diags))
				continue
			}
			pb, ds := b.Body.Content(&hclv2.BodySchema{Blocks: []hclv2.BlockHeaderSchema{rules}})
			diags = append(diags, ds...)
			var rs []ruleLevel
			for _, rb := range pb.Blocks {
				rs = append(rs, decodeRuleLevel(rb, &diags))
			}
			cfg.Lint.Paths = append(cfg.Lint.Paths, struct {
				Glob  string      `hcl:"glob,label"`
				Rules []ruleLevel `hcl:"rule,block"`
			}{Glob: b.Labels[0], Rules: rs})
		}
	}
	return cfg, diags
}

// decodeRuleLevel reads rule "ID" { severity = "..." }.
func decodeRuleLevel(b *hclv2.Block, diags *hclv2.Diagnostics) ruleLevel {
	r := ruleLevel{ID: b.Labels[0]}
	c, ds := b.Body.Content(&hclv2.BodySchema{Attributes: []hclv2.AttributeSchema{{Name: "severity", Required: true}}})
	*diags = append(*diags, ds...)
	if a, ok := c.Attributes["severity"]; ok {
		v, ds := a.Expr.Value(nil)
		*diags = append(*diags, ds...)
		if !ds.HasErrors() {
			if sv, err := convert.Convert(v, cty.String); err != nil || sv.IsNull() || !sv.IsKnown() {
				*diags = diags.Append(&hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Unsuitable value type",
					Detail: "Unsuitable value: a string is required", Subject: a.Expr.StartRange().Ptr()})
			} else {
				r.Severity = sv.AsString()
			}
		}
	}
	return r
}

// apply re-levels the findings of a spec: the top-level rule settings first, then those of
// every paths block whose glob matches the spec's path (later ones win). "off" drops.
func (c *lintConfig) apply(spec string, ds diag.Diagnostics) diag.Diagnostics {
	if c == nil || c.Lint == nil {
		return ds
	}
	level := map[string]string{}
	for _, r := range c.Lint.Rules {
		level[r.ID] = r.Severity
	}
	for _, p := range c.Lint.Paths {
		re, err := regexp.Compile("^" + posix.GlobRegexp(p.Glob) + "$")
		if err != nil || !re.MatchString(spec) {
			continue
		}
		for _, r := range p.Rules {
			level[r.ID] = r.Severity
		}
	}
	var out diag.Diagnostics
	for _, d := range ds {
		l, ok := level[d.Code]
		if r := lint.Lookup(d.Code); !ok || r == nil || r.Compiler {
			out = append(out, d)
			continue
		}
		if l == "off" {
			continue
		}
		sev, _ := parseSeverity(l)
		c := *d
		c.Severity = sev
		out = append(out, &c)
	}
	return out
}
