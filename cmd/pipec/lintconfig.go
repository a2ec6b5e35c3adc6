package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsimple"

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
	var cfg lintConfig
	if err := hclsimple.Decode(path, src, nil, &cfg); err != nil {
		return nil, fmt.Errorf("lint configuration: %v", err)
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
	return &cfg, nil
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
