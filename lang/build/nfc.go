package build

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/pipec-dev/pipec/compile/expr"
)

// NFC is s in Unicode normalization form C: "e" and a combining acute accent become "é".
// HCL gives every string value in this form (go-cty normalizes a string as it becomes a
// value, with this same package), so the other syntaxes must too, or one spec written
// in two syntaxes would give two different files. ASCII, nearly every string of a spec,
// is returned as is without a look at the tables.
func NFC(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.String(s)
		}
	}
	return s
}

// NFCTemplate normalizes a template's literal text, as HCL normalizes each literal part
// of a template between its interpolations.
func NFCTemplate(t expr.Template) expr.Template {
	for i := range t.Parts {
		t.Parts[i].Lit = NFC(t.Parts[i].Lit)
	}
	return t
}

// NFCCondition normalizes the quoted strings of a `when` condition in place. A condition
// is parsed from its source text (HCL's bare form, or a string in any syntax) and not made
// into go-cty values, so nothing else would: `ci.branch == "é"` must compare against
// the same branch name however the file spelled the accent.
func NFCCondition(x expr.Expr) {
	switch x := x.(type) {
	case *expr.StringLit:
		x.Value = NFC(x.Value)
	case *expr.Not:
		NFCCondition(x.X)
	case *expr.Binary:
		NFCCondition(x.X)
		NFCCondition(x.Y)
	case *expr.Call:
		for _, a := range x.Args {
			NFCCondition(a)
		}
	}
}
