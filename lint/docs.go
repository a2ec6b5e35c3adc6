package lint

import (
	"embed"
	"fmt"
	"strings"
)

// examples holds each rule's firing and quiet case: `pipec explain` and docs/rules.md show
// them, and TestRules checks them, so the documented examples always behave as shown.
//
//go:embed testdata
var examples embed.FS

// Example returns a rule's example that fires (kind "fires") or stays quiet ("quiet").
func Example(id, kind string) string {
	b, err := examples.ReadFile("testdata/" + id + "/" + kind + ".hcl")
	if err != nil {
		return ""
	}
	return string(b)
}

// compilerNote explains a Compiler rule's different standing.
const compilerNote = "The compiler makes this check: `pipec generate` refuses the spec as well, and the finding cannot be suppressed or re-levelled."

// Explain renders one rule's documentation as plain text.
func Explain(r *Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %s)\n\n%s.\n\n%s\n\nFix: %s.\n", r.ID, r.Category, r.Severity, upper(r.Summary), r.Rationale, r.Fix)
	if r.Compiler {
		fmt.Fprintf(&b, "\n%s\n", compilerNote)
	}
	fmt.Fprintf(&b, "\nFires (the marked lines):\n\n%s\nStays quiet:\n\n%s", indent(Example(r.ID, "fires")), indent(Example(r.ID, "quiet")))
	return b.String()
}

// Markdown renders docs/rules.md: every rule, grouped by category, with its examples.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# pipec lint rules\n\n")
	b.WriteString("Generated from the rules in `lint/` by `make golden`; do not edit. `pipec explain RULE`\n")
	b.WriteString("prints the same text. Each example is a test case: the rule reports on the lines marked\n")
	b.WriteString("`# want` in the first, and nothing in the second.\n\n")
	b.WriteString("Suppress a finding with `# pipec:ignore[RULE] reason` on its line or the line above\n")
	b.WriteString("(a reason is required), or re-level rules in `.pipec.hcl` (see the README).\n\n")
	b.WriteString("| rule | category | severity | what it finds |\n|---|---|---|---|\n")
	for _, r := range All {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", r.ID, r.ID, r.Category, r.Severity, r.Summary)
	}
	for _, cat := range []Category{Security, Correctness, Portability} {
		fmt.Fprintf(&b, "\n## %s\n", upper(string(cat)))
		for _, r := range All {
			if r.Category != cat {
				continue
			}
			fmt.Fprintf(&b, "\n### %s\n\n", r.ID)
			fmt.Fprintf(&b, "Severity: %s. %s.\n\n%s\n\n**Fix:** %s.\n\n", r.Severity, upper(r.Summary), r.Rationale, r.Fix)
			if r.Compiler {
				fmt.Fprintf(&b, "%s\n\n", compilerNote)
			}
			fmt.Fprintf(&b, "Fires:\n\n```hcl\n%s```\n\nStays quiet:\n\n```hcl\n%s```\n", Example(r.ID, "fires"), Example(r.ID, "quiet"))
		}
	}
	return b.String()
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString("    ")
		}
		b.WriteString(l)
	}
	return b.String()
}
