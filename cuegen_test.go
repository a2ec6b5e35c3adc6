package pipec_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"cuelang.org/go/cue/cuecontext"
	cueyaml "cuelang.org/go/encoding/yaml"
	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// genCUE writes a pipeline.cue beside each testdata/<case>/pipeline.hcl that has none:
// a first, mechanical translation, which is then read and tidied by hand (the examples
// were written by hand). Run: go test -run TestGenCUE . -gencue
var genCUE = flag.Bool("gencue", false, "write testdata/*/pipeline.cue where missing, translated from pipeline.hcl")

func TestGenCUE(t *testing.T) {
	if !*genCUE {
		t.Skip("only with -gencue")
	}
	specs, _ := filepath.Glob(filepath.Join("testdata", "*", "pipeline.hcl"))
	for _, spec := range specs {
		out := filepath.Join(filepath.Dir(spec), "pipeline.cue")
		if _, err := os.Stat(out); err == nil {
			continue
		}
		src, err := os.ReadFile(spec)
		if err != nil {
			t.Fatal(err)
		}
		text, err := hclToCUE(src)
		if err != nil {
			t.Logf("%s: not translated: %v", spec, err)
			continue
		}
		if err := os.WriteFile(out, text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// hclToCUE translates an HCL spec into the same tree in CUE, keeping the file's leading
// comment and each block's and attribute's own-line comments above it.
func hclToCUE(src []byte) ([]byte, error) {
	f, ds := hclsyntax.ParseConfig(src, "pipeline.hcl", hclv2.InitialPos)
	if ds.HasErrors() {
		return nil, ds
	}
	c := &cueWriter{src: src}
	var inside [][2]int // attribute values: a # line in a heredoc is script, not a comment
	hclsyntax.VisitAll(f.Body.(*hclsyntax.Body), func(n hclsyntax.Node) hclv2.Diagnostics {
		if a, ok := n.(*hclsyntax.Attribute); ok {
			inside = append(inside, [2]int{a.Expr.Range().Start.Byte, a.Expr.Range().End.Byte})
		}
		return nil
	})
	for _, cm := range commentLines(src) {
		in := false
		for _, r := range inside {
			in = in || (cm.off >= r[0] && cm.off < r[1])
		}
		if !in {
			c.comments = append(c.comments, cm)
		}
	}
	c.body(f.Body.(*hclsyntax.Body), 0)
	c.flushComments(len(src), 0)
	return c.b.Bytes(), nil
}

type cueWriter struct {
	src      []byte
	b        bytes.Buffer
	comments []comment
	next     int // next comment to write
}

type comment struct {
	off  int
	text string
}

var commentRE = regexp.MustCompile(`(?m)^[ \t]*(#|//)(.*)$`)

// commentLines finds comments on lines of their own.
func commentLines(src []byte) []comment {
	var out []comment
	for _, m := range commentRE.FindAllSubmatchIndex(src, -1) {
		out = append(out, comment{off: m[0], text: strings.TrimRight(string(src[m[4]:m[5]]), " ")})
	}
	return out
}

func (c *cueWriter) flushComments(before, indent int) {
	for c.next < len(c.comments) && c.comments[c.next].off < before {
		fmt.Fprintf(&c.b, "%s//%s\n", strings.Repeat("\t", indent), c.comments[c.next].text)
		c.next++
	}
}

type item struct {
	off   int
	attr  *hclsyntax.Attribute
	block *hclsyntax.Block
}

func (c *cueWriter) body(b *hclsyntax.Body, indent int) {
	var items []item
	for _, a := range b.Attributes {
		items = append(items, item{off: a.SrcRange.Start.Byte, attr: a})
	}
	for _, bl := range b.Blocks {
		items = append(items, item{off: bl.TypeRange.Start.Byte, block: bl})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].off < items[j].off })
	tab := strings.Repeat("\t", indent)
	for _, it := range items {
		c.flushComments(it.off, indent)
		if a := it.attr; a != nil {
			fmt.Fprintf(&c.b, "%s%s: %s\n", tab, cueLabelOf(a.Name), c.value(a.Name, a.Expr, indent))
			continue
		}
		bl := it.block
		label := cueLabelOf(bl.Type)
		for _, l := range bl.Labels {
			label += ": " + cueLabelOf(l)
		}
		if len(bl.Body.Attributes) == 0 && len(bl.Body.Blocks) == 0 {
			fmt.Fprintf(&c.b, "%s%s: {}\n", tab, label)
			continue
		}
		fmt.Fprintf(&c.b, "%s%s: {\n", tab, label)
		c.body(bl.Body, indent+1)
		c.flushComments(bl.Body.SrcRange.End.Byte, indent+1)
		fmt.Fprintf(&c.b, "%s}\n", tab)
	}
}

var cueIdent = regexp.MustCompile(`^[a-zA-Z$][a-zA-Z0-9_$]*$`)

func cueLabelOf(s string) string {
	switch s {
	case "if", "for", "in", "let", "true", "false", "null", "import", "package", "_":
		return cueQuote(s)
	}
	if cueIdent.MatchString(s) {
		return s
	}
	return cueQuote(s)
}

func cueQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

func (c *cueWriter) text(r hclv2.Range) string { return string(c.src[r.Start.Byte:r.End.Byte]) }

// value translates an attribute's expression.
func (c *cueWriter) value(name string, e hclsyntax.Expression, indent int) string {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return c.text(e.SrcRange)
	case *hclsyntax.UnaryOpExpr:
		if name != "when" {
			return c.text(e.SrcRange)
		}
	case *hclsyntax.TemplateExpr:
		if e.IsStringLiteral() || !strings.HasPrefix(c.text(e.SrcRange), "<<") {
			raw := c.text(e.SrcRange)
			if !strings.HasPrefix(raw, "<<") && !strings.Contains(raw, "\n") {
				return raw // HCL's quoted strings escape as CUE's do; ${ } is not CUE syntax
			}
		}
		return c.heredoc(e, indent)
	case *hclsyntax.TemplateWrapExpr:
		return c.text(e.SrcRange)
	case *hclsyntax.TupleConsExpr:
		var parts []string
		for _, x := range e.Exprs {
			parts = append(parts, c.value(name, x, indent))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *hclsyntax.ObjectConsExpr:
		if len(e.Items) == 0 {
			return "{}"
		}
		var b strings.Builder
		b.WriteString("{\n")
		for _, it := range e.Items {
			key := strings.Trim(c.text(it.KeyExpr.Range()), `"`)
			fmt.Fprintf(&b, "%s%s: %s\n", strings.Repeat("\t", indent+1), cueLabelOf(key), c.value(key, it.ValueExpr, indent+1))
		}
		b.WriteString(strings.Repeat("\t", indent) + "}")
		return b.String()
	}
	raw := strings.TrimSpace(c.text(e.Range()))
	if name == "when" {
		raw = strings.Join(strings.Fields(stripHCLComments(raw)), " ")
		return cueQuote(raw)
	}
	return cueQuote("${" + raw + "}") // a bare reference
}

func stripHCLComments(s string) string {
	re := regexp.MustCompile(`(?m)(#|//).*$`)
	return re.ReplaceAllString(s, "")
}

// heredoc writes a multi-line template as a CUE multi-line string.
func (c *cueWriter) heredoc(e *hclsyntax.TemplateExpr, indent int) string {
	var text strings.Builder
	for _, p := range e.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok {
			text.WriteString(strings.ReplaceAll(lit.Val.AsString(), "${", "$${"))
			continue
		}
		text.WriteString("${" + strings.TrimSpace(c.text(p.Range())) + "}")
	}
	s := text.String()
	if !strings.HasSuffix(s, "\n") {
		return cueQuote(s)
	}
	tab := strings.Repeat("\t", indent+1)
	var b strings.Builder
	b.WriteString("\"\"\"\n")
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		line = strings.ReplaceAll(line, `\`, `\\`)
		line = strings.ReplaceAll(line, `"""`, `\"""`)
		if line == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(tab + line + "\n")
	}
	b.WriteString(tab + "\n" + tab + `"""`)
	return b.String()
}

// genYAML writes pipeline.yaml beside the pipeline.cue of the cases in yamlCases: the
// same tree, through CUE's YAML encoder (which keeps field order).
var genYAML = flag.Bool("genyaml", false, "write testdata/<case>/pipeline.yaml for the YAML cases, from pipeline.cue")

var yamlCases = []string{"example-shop-api", "matrix-full", "native-github", "when-conditions", "fail-wrong-type"}

func TestGenYAML(t *testing.T) {
	if !*genYAML {
		t.Skip("only with -genyaml")
	}
	for _, c := range yamlCases {
		dir := filepath.Join("testdata", c)
		src, err := os.ReadFile(filepath.Join(dir, "pipeline.cue"))
		if err != nil {
			t.Fatal(err)
		}
		v := cuecontext.New().CompileBytes(src)
		if v.Err() != nil {
			t.Fatal(v.Err())
		}
		out, err := cueyaml.Encode(v)
		if err != nil {
			t.Fatal(err)
		}
		header := "# The same spec as pipeline.hcl and pipeline.cue, in YAML.\n"
		if err := os.WriteFile(filepath.Join(dir, "pipeline.yaml"), append([]byte(header), out...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
