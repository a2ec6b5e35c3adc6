package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/lang/hcl"
	"github.com/pipec-dev/pipec/lint"
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
		Rules []ruleLevel  `hcl:"rule,block"`
		Paths []pathsLevel `hcl:"paths,block"`
	} `hcl:"lint,block"`

	// dir is the absolute directory of the configuration file: paths globs match a
	// spec's path relative to it, however the spec was named on the command line.
	dir string
	// globs holds the compiled pattern of each paths block, in order.
	globs []*regexp.Regexp
}

// pathsLevel is a paths "GLOB" block: rule settings for the specs the glob matches.
type pathsLevel struct {
	Glob      string      `hcl:"glob,label"`
	GlobRange hclv2.Range `hcl:"glob,label_range"` // where to report a glob that is no pattern
	Rules     []ruleLevel `hcl:"rule,block"`
}

type ruleLevel struct {
	ID       string      `hcl:"id,label"`
	IDRange  hclv2.Range `hcl:"id,label_range"` // where to report a rule that does not exist
	Severity string      `hcl:"severity"`
	DefRange hclv2.Range `hcl:",def_range"` // where to report a rule set twice

	// hasSeverity is set when the severity decoded as a string: only then is its value
	// checked, so a missing or mistyped one is reported once, by the decoder.
	hasSeverity bool
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
	// The checks run beside the decoder's errors, on what could be decoded, so one run
	// reports every mistake in the file (only a syntax error leaves nothing to check).
	if cfg != nil {
		diags = append(diags, cfg.checkBlocks()...)
		sortConfigDiags(diags)
	}
	if diags.HasErrors() {
		return nil, &configError{ds: configDiagnostics(path, src, diags), src: diag.Sources{filepath.ToSlash(path): src}}
	}
	if cfg.dir, err = filepath.Abs(filepath.Dir(path)); err != nil {
		return nil, err
	}
	return cfg, nil
}

// changedConfig takes the lint configuration out of the files given with --changed: a
// change to it can change the findings of every spec it applies to, so it stands for
// every spec in its directory and below it, as DIR/... does. The pre-commit hook
// pipec-lint passes .pipec.hcl when it changes.
func changedConfig(files []string, config string) (rest []string, specs specList) {
	if config == "" {
		config = defaultLintConfig
	}
	for _, f := range files {
		same, _ := sameFile(f, config)
		if !same && filepath.Clean(f) != filepath.Clean(config) {
			rest = append(rest, f)
			continue
		}
		dir := filepath.Dir(config)
		found, notes, err := findSpecs(dir)
		if err != nil {
			specs.notes = append(specs.notes, fmt.Sprintf("%s changed, and the specs below %s could not be listed: %v", f, dir, err))
			continue
		}
		specs.specs = append(specs.specs, found...)
		specs.notes = append(specs.notes, fmt.Sprintf("%s is the lint configuration: linting every spec below %s", f, dir))
		specs.notes = append(specs.notes, notes...)
	}
	return rest, specs
}

// mergeSpecs adds b's specs and notes to a's, each spec once, sorted.
func mergeSpecs(a, b specList) specList {
	out := specList{notes: append(a.notes, b.notes...)}
	seen := map[string]bool{}
	for _, s := range append(a.specs, b.specs...) {
		if s = filepath.Clean(s); !seen[s] {
			seen[s] = true
			out.specs = append(out.specs, s)
		}
	}
	slices.SortFunc(out.specs, comparePaths)
	return out
}

// configCode is the code of every mistake in a lint configuration file: one code, as
// "syntax" is for a spec's, since the file is small and its messages say what is wrong.
const configCode = "lint-config"

// configError is a lint configuration with mistakes: each one a diagnostic at its place
// in the file, printed as the spec's are, with the file's source for the snippets.
type configError struct {
	ds  diag.Diagnostics
	src diag.Sources
}

func (e *configError) Error() string {
	var b strings.Builder
	for i, d := range e.ds {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// reportLoadError prints why the lint configuration could not be used: its mistakes as
// diagnostics (FILE:LINE:COL: error: ... [lint-config]) and a line saying nothing was
// linted, or an I/O error.
func reportLoadError(w io.Writer, err error, color bool) {
	var ce *configError
	if !errors.As(err, &ce) {
		fmt.Fprintf(w, "pipec: %v\n", err)
		return
	}
	diag.WriteTextOptions(w, ce.ds, ce.src, diag.TextOptions{Color: color})
	fmt.Fprintf(w, "pipec: lint configuration: %s; fix it to lint the specs\n", summary(ce.ds))
}

// configDiagnostics turns hcl's diagnostics on a configuration file into pipec's: each
// with the file's code and its place, columns counted in characters as a spec's are. A
// diagnostic without a place (a file format hcl does not read) is at the file's start.
func configDiagnostics(path string, src []byte, hds hclv2.Diagnostics) diag.Diagnostics {
	name := filepath.ToSlash(path)
	var ds diag.Diagnostics
	for _, hd := range hds {
		rng := diag.Range{Filename: name, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 1}}
		if r := hd.Subject; r != nil {
			rng.Start = diag.Pos{Line: r.Start.Line, Column: charColumn(src, r.Start)}
			rng.End = diag.Pos{Line: r.End.Line, Column: charColumn(src, r.End)}
		}
		sev := diag.Error
		if hd.Severity == hclv2.DiagWarning {
			sev = diag.Warning
		}
		ds = append(ds, &diag.Diagnostic{Severity: sev, Code: configCode, Summary: lowerFirst(hd.Summary), Detail: hd.Detail, Subject: rng})
	}
	return ds
}

// charColumn is p's column in characters from the start of its line in src.
func charColumn(src []byte, p hclv2.Pos) int {
	if p.Byte < 0 || p.Byte > len(src) {
		return max(p.Column, 1)
	}
	start := bytes.LastIndexByte(src[:p.Byte], '\n') + 1
	return utf8.RuneCount(src[start:p.Byte]) + 1
}

// lowerFirst lower-cases hcl's title-case summary ("Unsupported argument"), as pipec's
// summaries are written.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// severityDetail says what a rule's severity should have been.
func severityDetail(r ruleLevel) string {
	detail := fmt.Sprintf("Rule %q: severity %q is not error, warning, info or off", r.ID, r.Severity)
	if dym := diag.DidYouMean(r.Severity, []string{"error", "warning", "info", "off"}); dym != "" {
		detail += ": " + dym
	}
	return detail + "."
}

// checkRule reports, at the rule's label, a rule that does not exist (with a did you
// mean) or cannot be re-levelled, and at its block a severity that is none.
func checkRule(r ruleLevel) hclv2.Diagnostics {
	var diags hclv2.Diagnostics
	switch rule := lint.Lookup(r.ID); {
	case rule == nil:
		detail := fmt.Sprintf("There is no rule %q", r.ID)
		if dym := diag.DidYouMean(r.ID, lint.IDs()); dym != "" {
			detail += ": " + dym
		}
		if hint := targetCodeHint(r.ID, fmt.Sprintf("set rule %q", targetRule)); hint != "" {
			detail += ": " + hint
		}
		diags = diags.Append(&hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Unknown rule",
			Detail: detail + " (pipec explain --list lists the rules)", Subject: r.IDRange.Ptr()})
	case rule.Compiler:
		diags = diags.Append(&hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Rule cannot be re-levelled",
			Detail:  fmt.Sprintf("Rule %q is the compiler's own check: pipec generate refuses the spec while it fires, so it cannot be re-levelled.", r.ID),
			Subject: r.IDRange.Ptr()})
	}
	if _, ok := parseSeverity(r.Severity); r.hasSeverity && !ok && r.Severity != "off" {
		diags = diags.Append(&hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Invalid severity",
			Detail:  severityDetail(r),
			Subject: r.DefRange.Ptr()})
	}
	return diags
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
			Rules []ruleLevel  `hcl:"rule,block"`
			Paths []pathsLevel `hcl:"paths,block"`
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
			cfg.Lint.Paths = append(cfg.Lint.Paths, pathsLevel{Glob: b.Labels[0], GlobRange: b.LabelRanges[0], Rules: rs})
		}
	}
	return cfg, diags
}

// decodeRuleLevel reads rule "ID" { severity = "..." }.
func decodeRuleLevel(b *hclv2.Block, diags *hclv2.Diagnostics) ruleLevel {
	r := ruleLevel{ID: b.Labels[0], IDRange: b.LabelRanges[0], DefRange: b.DefRange}
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
				r.Severity, r.hasSeverity = sv.AsString(), true
			}
		}
	}
	return r
}

// apply re-levels the findings of a spec: the top-level rule settings first, then those of
// every paths block whose glob matches the spec's path relative to the configuration's
// directory (later ones win). "off" drops.
func (c *lintConfig) apply(spec string, ds diag.Diagnostics) diag.Diagnostics {
	if c == nil || c.Lint == nil {
		return ds
	}
	level := map[string]string{}
	for _, r := range c.Lint.Rules {
		level[r.ID] = r.Severity
	}
	rel := c.relPath(spec)
	for i, p := range c.Lint.Paths {
		if i >= len(c.globs) || !c.globs[i].MatchString(rel) {
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

// relPath is spec's path relative to the configuration file's directory, slash-separated,
// so that `pipec lint legacy/pipeline.hcl`, `./legacy/pipeline.hcl` and its absolute path
// all match `legacy/**` (and a spec outside that directory starts with "../"). It is spec
// as given when the two cannot be related.
func (c *lintConfig) relPath(spec string) string {
	if c.dir == "" {
		return filepath.ToSlash(filepath.Clean(spec))
	}
	abs, err := filepath.Abs(spec)
	if err != nil {
		return filepath.ToSlash(spec)
	}
	rel, err := filepath.Rel(c.dir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// checkBlocks reports, at their places in the file, what the decoder lets through but
// would make the configuration do something else than it says: a rule set twice in one
// block (only the later setting would count), a paths glob that is no pattern (it would
// never match), a rule that does not exist and a severity that is none. It compiles the
// globs into c.globs. It reads only what was decoded, so it runs beside the decoder's
// errors.
func (c *lintConfig) checkBlocks() hclv2.Diagnostics {
	if c.Lint == nil {
		return nil
	}
	var diags hclv2.Diagnostics
	for _, p := range c.Lint.Paths {
		if strings.HasPrefix(p.Glob, "!") {
			// In a trigger's paths "!" negates a glob; here a block only adds settings
			// for the specs it matches, so a negated glob has nothing to mean (and
			// matched "!" literally, so no spec).
			diags = diags.Append(&hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Negated glob",
				Detail: fmt.Sprintf("The paths glob %q starts with \"!\": a paths block cannot be negated, it applies its rules to the specs its glob matches. "+
					"Set the rule at the top level for every spec, and re-level it again in a paths block for the specs that differ.", p.Glob),
				Subject: p.GlobRange.Ptr()})
			continue
		}
		re, err := pathsRegexp(p.Glob)
		if err == nil {
			// A glob the regexp takes may still be no pattern ("[" is read as a
			// literal there): the trigger globs' check, whose syntax paths share.
			err = compile.CheckPathGlob(p.Glob)
		}
		if err != nil {
			diags = diags.Append(&hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Invalid glob",
				Detail:  fmt.Sprintf("The paths glob %q is not a valid pattern (%v), so it would match no spec.", p.Glob, err),
				Subject: p.GlobRange.Ptr()})
			continue
		}
		c.globs = append(c.globs, re)
	}
	diags = append(diags, duplicateRules(c.Lint.Rules)...)
	for _, r := range c.Lint.Rules {
		diags = append(diags, checkRule(r)...)
	}
	for _, p := range c.Lint.Paths {
		diags = append(diags, duplicateRules(p.Rules)...)
		for _, r := range p.Rules {
			diags = append(diags, checkRule(r)...)
		}
	}
	return diags
}

// sortConfigDiags orders a configuration's diagnostics by their place in the file: the
// decoder's and the checks' come from two walks, and the user reads the file top down.
func sortConfigDiags(diags hclv2.Diagnostics) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		if a == nil || b == nil {
			return a == nil && b != nil
		}
		return a.Start.Byte < b.Start.Byte
	})
}

// pathsRegexp compiles a paths glob, matched against a whole relative path. A `**/`
// matches any number of directories, none too, as in GitHub's path filters: `**/x.hcl`
// matches the x.hcl beside the configuration as well as those below it.
func pathsRegexp(glob string) (*regexp.Regexp, error) {
	parts := strings.Split(glob, "**/")
	for i, p := range parts {
		parts[i] = expr.GlobRegexp(p)
	}
	return regexp.Compile("^" + strings.Join(parts, "(?:.*/)?") + "$")
}

// duplicateRules reports each rule block that repeats an earlier one of the same block.
func duplicateRules(rules []ruleLevel) hclv2.Diagnostics {
	var diags hclv2.Diagnostics
	first := map[string]hclv2.Range{}
	for _, r := range rules {
		if at, ok := first[r.ID]; ok {
			diags = diags.Append(&hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Duplicate rule block",
				Detail:  fmt.Sprintf("Rule %q is already set in this block at %s; keep one of the two (the later would silently replace the earlier).", r.ID, at),
				Subject: r.DefRange.Ptr()})
			continue
		}
		first[r.ID] = r.DefRange
	}
	return diags
}
