package all

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/diag"
)

// sourceCodes scans the non-test Go files of dir for the codes their diagnostics are
// made with: the first argument of a call to a function named warn... or ...errorf (fmt's
// excepted) that is a string of a code's shape. It adds each code's severities to into.
func sourceCodes(t *testing.T, dir string, into map[string][]string) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			// A helper that takes a code and is not named as a warning's or an error's
			// would hide the codes passed to it from this scan.
			if fn, ok := n.(*ast.FuncDecl); ok && takesCode(fn) && severityOfCall(&ast.CallExpr{Fun: fn.Name}) == "" {
				t.Errorf("%s: %s takes a code but its name says no severity (warn..., ...errorf): the scan would miss its codes", name, fn.Name.Name)
			}
			if call, ok := n.(*ast.CallExpr); ok {
				if sev := severityOfCall(call); sev != "" {
					if code := firstCode(call); code != "" && !slices.Contains(into[code], sev) {
						into[code] = append(into[code], sev)
					}
				}
			}
			return true
		})
	}
}

// severityOfCall is "warning" for a call to a ...warnf function, "error" for ...errorf
// (not fmt.Errorf), "" otherwise.
func severityOfCall(call *ast.CallExpr) string {
	var name string
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		name = fn.Name
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok && (x.Name == "fmt" || x.Name == "errors") {
			return ""
		}
		name = fn.Sel.Name
	}
	switch name = strings.ToLower(name); {
	case strings.Contains(name, "warn"): // warnf, stageWarnf, warnOnce
		return "warning"
	case strings.HasSuffix(name, "errorf"):
		return "error"
	}
	return ""
}

func takesCode(fn *ast.FuncDecl) bool {
	for _, f := range fn.Type.Params.List {
		for _, n := range f.Names {
			if n.Name == "code" {
				return true
			}
		}
	}
	return false
}

func firstCode(call *ast.CallExpr) string {
	for _, a := range call.Args {
		if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && diag.IsCode(s) {
				return s
			}
		}
	}
	return ""
}

// Every code a target reports is in Codes with the severities its source gives it (the
// package's files, and targets' shared ones, which every target reports through), and
// nothing else is: pipec:ignore and .pipec.hcl tell a target's warning, which rule
// target-unsupported reports, from its error, which nothing hides, by this list.
func TestCodesMatchTheSource(t *testing.T) {
	shared := map[string][]string{}
	sourceCodes(t, "..", shared)
	for _, tg := range Targets {
		want := map[string][]string{}
		for c, sevs := range shared {
			want[c] = slices.Clone(sevs)
		}
		sourceCodes(t, filepath.Join("..", tg.Name()), want)
		var lines []string
		for c, sevs := range want {
			slices.Sort(sevs)
			lines = append(lines, c+" "+strings.Join(sevs, ","))
		}
		slices.Sort(lines)
		var got []string
		for _, c := range Codes(tg.Name()) {
			got = append(got, c.Code+" "+strings.Join(c.severities(), ","))
		}
		if strings.Join(got, "\n") != strings.Join(lines, "\n") {
			t.Errorf("%s: Codes is not the source's; want:\n%s", tg.Name(), strings.Join(lines, "\n"))
		}
	}
}
