package pipec_test

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestNoRegexpCompiledEagerly holds the rule docs/performance.md states: a regular
// expression is compiled on first use (sync.OnceValue, sync.Once, lint's lazy), never at
// package initialisation, which every pipec process pays before main (pre-commit hooks run
// pipec once per commit), and never anew on each call of a function. It reads the module's
// source: a regexp.Compile or MustCompile is allowed only inside a function literal given
// to sync.OnceValue, sync.OnceFunc or a Once's Do, or on a pattern that is not a constant
// (built from the spec at run time). The developers' tools under internal/cmd run apart
// from pipec and are not held to it.
func TestNoRegexpCompiledEagerly(t *testing.T) {
	var bad []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == "testdata" || path == filepath.Join("internal", "cmd") || strings.HasPrefix(d.Name(), ".") && path != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		bad = append(bad, eagerRegexps(fset, f)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("%s: a constant pattern compiled outside a once: compile it on first use (sync.OnceValue)", b)
	}
}

// eagerRegexps lists the positions of the file's regexp compilations of constant
// patterns that are not inside a function literal run once.
func eagerRegexps(fset *token.FileSet, f *ast.File) []string {
	regexpName := ""
	for _, imp := range f.Imports {
		if imp.Path.Value == `"regexp"` {
			regexpName = "regexp"
			if imp.Name != nil {
				regexpName = imp.Name.Name
			}
		}
	}
	if regexpName == "" {
		return nil
	}
	var bad []string
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		call, ok := n.(*ast.CallExpr)
		if !ok || !isRegexpCompile(call, regexpName) || len(call.Args) != 1 || !isConstantPattern(call.Args[0]) {
			return true
		}
		if !insideOnce(stack) {
			bad = append(bad, fset.Position(call.Pos()).String())
		}
		return true
	})
	return bad
}

func isRegexpCompile(call *ast.CallExpr, regexpName string) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Name != regexpName {
		return false
	}
	switch sel.Sel.Name {
	case "Compile", "MustCompile", "CompilePOSIX", "MustCompilePOSIX":
		return true
	}
	return false
}

// isConstantPattern reports whether e is built from string literals and named
// constants only (a literal, a concatenation, an identifier or a parenthesised one):
// the same pattern on every call.
func isConstantPattern(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return isConstantPattern(e.X)
	case *ast.BinaryExpr:
		return e.Op == token.ADD && isConstantPattern(e.X) && isConstantPattern(e.Y)
	case *ast.Ident:
		return e.Obj != nil && e.Obj.Kind == ast.Con
	}
	return false
}

// insideOnce reports whether the innermost function literal on the stack is an argument
// of sync.OnceValue, sync.OnceFunc, sync.OnceValues or a Do method (sync.Once's).
func insideOnce(stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			if _, isDecl := stack[i].(*ast.FuncDecl); isDecl {
				return false
			}
			continue
		}
		call, ok := stack[i-1].(*ast.CallExpr)
		if !ok || !hasArg(call, lit) {
			return false
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			// sync.OnceValue[T](...) is an IndexExpr around the selector.
			if ix, isIndex := call.Fun.(*ast.IndexExpr); isIndex {
				sel, ok = ix.X.(*ast.SelectorExpr)
			}
		}
		if !ok {
			return false
		}
		switch sel.Sel.Name {
		case "OnceValue", "OnceFunc", "OnceValues", "Do":
			return true
		}
		return false
	}
	return false
}

func hasArg(call *ast.CallExpr, lit *ast.FuncLit) bool {
	for _, a := range call.Args {
		if a == lit {
			return true
		}
	}
	return false
}

// notLinked lists packages pipec's command must not link, each for the start-up it costs
// every pipec process: Go runs a linked package's initialisation before main whether or
// not the command uses it. They came with cuecontext (lang/cue/context.go says how pipec
// makes a CUE context without it): the cue command's tool packages, which bring net/http's
// server and html/template's escapers, and encoding/openapi and file embedding, which
// bring protobuf. Together 8 MB of the binary and about a tenth of `pipec version`.
var notLinked = []string{
	"cuelang.org/go/cue/cuecontext",
	"cuelang.org/go/pkg/tool",
	"cuelang.org/go/encoding/openapi",
	"cuelang.org/go/encoding/protobuf",
	"cuelang.org/go/cue/inject",
	"google.golang.org/protobuf",
}

func TestCUEToolingNotLinked(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./cmd/pipec").Output()
	if err != nil {
		t.Fatalf("go list -deps ./cmd/pipec: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		pkg := sc.Text()
		for _, p := range notLinked {
			if pkg == p || strings.HasPrefix(pkg, p+"/") {
				t.Errorf("cmd/pipec links %s (under %s), whose initialisation every pipec process pays", pkg, p)
			}
		}
	}
}
