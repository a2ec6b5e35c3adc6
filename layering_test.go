package pipec_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// module is this repository's module path.
const module = "github.com/pipec-dev/pipec"

// pkgImports is one package of the module and the packages it imports (not its tests).
type pkgImports struct {
	Path    string   // full import path
	Imports []string // full import paths
}

// layerOf names the row of the layering table a module package belongs to, by its path
// relative to the module: "compile/diag", "lang/*", "targets/*", ... or "" when the table
// has no row for it (a new package must be added to the table on purpose).
func layerOf(rel string) string {
	switch {
	case rel == "":
		return "root"
	case rel == "compile/diag", rel == "compile/expr", rel == "compile/model", rel == "compile":
		return rel
	case rel == "lang", rel == "lang/build":
		return rel
	case strings.HasPrefix(rel, "lang/"):
		return "lang/*"
	case rel == "targets", rel == "targets/all", rel == "targets/posix", rel == "targets/graph":
		return rel
	case strings.HasPrefix(rel, "targets/") && !strings.Contains(strings.TrimPrefix(rel, "targets/"), "/"):
		return "targets/*"
	case rel == "lint" || strings.HasPrefix(rel, "lint/"):
		return "lint"
	case rel == "schema":
		return "schema"
	case rel == "cmd/pipec":
		return "cmd/pipec"
	case strings.HasPrefix(rel, "cmd/pipec/internal/"):
		return "cmd/pipec/internal/*"
	case rel == "internal/specgen", rel == "internal/par":
		return rel
	case strings.HasPrefix(rel, "internal/cmd/") && !strings.Contains(strings.TrimPrefix(rel, "internal/cmd/"), "/"):
		return "internal/cmd/*"
	}
	return ""
}

// mayImport lists, per layer, the module-internal layers it may import. A layer not
// listed in mayImport[x] is forbidden for x; "*" allows everything.
var mayImport = map[string][]string{
	"root":          {},
	"compile/diag":  {},
	"compile/expr":  {"compile/diag"},
	"compile/model": {"compile/diag", "compile/expr"},
	"lang":          {},
	"lang/*":        {"lang/build", "compile/model", "compile/expr", "compile/diag", "schema", "internal/par"},
	// lang/build maps the language's names to the model for every front end; it knows no
	// syntax. It reads a large pipeline's stages on every core.
	"lang/build": {"compile/model", "compile/expr", "compile/diag", "schema", "internal/par"},
	// compile checks a large pipeline's stages on every core.
	"compile":   {"compile/model", "compile/expr", "compile/diag", "internal/par"},
	"targets":   {"compile", "compile/model", "compile/expr", "compile/diag", "internal/par"},
	"targets/*": {"targets", "targets/posix", "compile", "compile/model", "compile/expr", "compile/diag"},
	// targets/posix is the POSIX shell rendering the back ends that write shell scripts
	// share; it knows no platform.
	"targets/posix": {"compile/expr"},
	"targets/all":   {"targets", "targets/*"},
	// targets/graph draws the plan for pipec graph; it reads the plan as a back end does
	// but is no target, and no back end draws through it.
	"targets/graph": {"compile", "compile/model", "compile/expr", "compile/diag"},
	"lint":          {"lint", "compile", "compile/model", "compile/expr", "compile/diag", "targets", "targets/*", "targets/posix", "targets/all", "internal/par"},
	"schema":        {},
	"cmd/pipec":     {"*"},
	// The command's helpers (the unified diff of generate --check) know nothing of
	// pipelines: standard library only.
	"cmd/pipec/internal/*": {},
	// internal/par runs work on several goroutines for the front ends, the compiler, the
	// back ends and the command; standard library only.
	"internal/par": {},
	// internal/specgen writes synthetic specs as text for the benchmarks; it knows none
	// of the compiler's types, so it measures the front ends on what a person writes.
	"internal/specgen": {},
	// internal/cmd/* are the developers' tools (the spec generator, the benchmark
	// comparison); they run pipec as a process and never link the compiler.
	"internal/cmd/*": {"internal/specgen"},
}

// thirdParty lists, per third-party module (a path prefix), the layers that may import it.
// A third-party import not listed here is a violation: adding a dependency is a decision.
var thirdParty = []struct {
	prefix string
	layers []string
}{
	{"github.com/hashicorp/hcl/v2", []string{"lang/*", "cmd/pipec"}},
	{"github.com/zclconf/go-cty", []string{"lang/*", "cmd/pipec"}}, // hcl's value types
	// hcl's own Unicode segmentation: pipec fmt counts columns in grapheme clusters, as
	// hclwrite does, to align `=` and comments the same way.
	{"github.com/apparentlymart/go-textseg/v15", []string{"lang/*"}},
	{"github.com/goccy/go-yaml", []string{"targets", "targets/*", "lint", "lang/*", "cmd/pipec"}},
	{"github.com/rhysd/actionlint", []string{"lint", "cmd/pipec"}},
	{"github.com/spf13/pflag", []string{"cmd/pipec"}},
	// CUE reads CUE, JSON and YAML specs; only lang/cue uses it.
	{"cuelang.org/go", []string{"lang/*", "cmd/pipec"}},
	// Unicode normalization (build.NFC): every front end gives strings in NFC, as
	// go-cty, which uses this same package, gives HCL's. In the module graph already.
	{"golang.org/x/text/unicode/norm", []string{"lang/build"}},
}

// hclOnlyIn narrows the hcl row: of the front ends only lang/hcl reads HCL.
var hclOnlyIn = map[string]bool{"lang/hcl": true}

// cueOnlyIn narrows the cue row the same way: only lang/cue reads CUE.
var cueOnlyIn = map[string]bool{"lang/cue": true}

// checkLayering returns one message per import that breaks the table. std reports whether
// an import path is in the standard library.
func checkLayering(pkgs []pkgImports, std func(string) bool) []string {
	var bad []string
	for _, p := range pkgs {
		rel, ok := relPath(p.Path)
		if !ok {
			continue
		}
		layer := layerOf(rel)
		if layer == "" {
			bad = append(bad, fmt.Sprintf("%s: package has no row in the layering table (layering_test.go); add one", p.Path))
			continue
		}
		for _, imp := range p.Imports {
			if std(imp) || imp == "C" {
				continue
			}
			if irel, internal := relPath(imp); internal {
				if !internalAllowed(layer, rel, irel) {
					bad = append(bad, fmt.Sprintf("%s (%s) imports %s (%s): not allowed by the layering table", p.Path, layer, imp, layerOrUnknown(irel)))
				}
				continue
			}
			if !thirdPartyAllowed(layer, rel, imp) {
				bad = append(bad, fmt.Sprintf("%s (%s) imports third-party %s: not allowed by the layering table", p.Path, layer, imp))
			}
		}
	}
	sort.Strings(bad)
	return bad
}

func relPath(path string) (string, bool) {
	if path == module {
		return "", true
	}
	if strings.HasPrefix(path, module+"/") {
		return strings.TrimPrefix(path, module+"/"), true
	}
	return "", false
}

func layerOrUnknown(rel string) string {
	if l := layerOf(rel); l != "" {
		return l
	}
	return "no layer"
}

func internalAllowed(layer, rel, irel string) bool {
	ilayer := layerOf(irel)
	for _, a := range mayImport[layer] {
		if a == "*" {
			return true
		}
		if ilayer == "" || a != ilayer {
			continue
		}
		// A back end never imports another back end.
		if layer == "targets/*" && ilayer == "targets/*" {
			return false
		}
		return true
	}
	return false
}

func thirdPartyAllowed(layer, rel, imp string) bool {
	for _, tp := range thirdParty {
		if imp != tp.prefix && !strings.HasPrefix(imp, tp.prefix+"/") {
			continue
		}
		for _, l := range tp.layers {
			if l != layer {
				continue
			}
			if layer == "lang/*" && (tp.prefix == "github.com/hashicorp/hcl/v2" || tp.prefix == "github.com/zclconf/go-cty" || tp.prefix == "github.com/apparentlymart/go-textseg/v15") {
				return hclOnlyIn[rel]
			}
			if layer == "lang/*" && tp.prefix == "cuelang.org/go" {
				return cueOnlyIn[rel]
			}
			return true
		}
		return false
	}
	return false
}

// goList runs `go list -e -deps -json ./...` and returns the module's packages and the set
// of standard library packages among their dependencies.
func goList(t *testing.T) ([]pkgImports, map[string]bool) {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-deps", "-json=ImportPath,Standard,Imports,Module", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	type listed struct {
		ImportPath string
		Standard   bool
		Imports    []string
		Module     *struct{ Path string }
	}
	std := map[string]bool{}
	var pkgs []pkgImports
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var l listed
		if err := dec.Decode(&l); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		if l.Standard {
			std[l.ImportPath] = true
			continue
		}
		if _, ok := relPath(l.ImportPath); ok {
			pkgs = append(pkgs, pkgImports{Path: l.ImportPath, Imports: l.Imports})
		}
	}
	return pkgs, std
}

func TestLayering(t *testing.T) {
	pkgs, std := goList(t)
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages of the module")
	}
	isStd := func(p string) bool {
		if std[p] {
			return true
		}
		// A standard package go list could not resolve still has no dot in its first element.
		first, _, _ := strings.Cut(p, "/")
		return !strings.Contains(first, ".") && !strings.HasPrefix(p, module)
	}
	for _, msg := range checkLayering(pkgs, isStd) {
		t.Error(msg)
	}
}

// TestLayeringCheck tests the check itself on a made-up module, with edges it must reject.
func TestLayeringCheck(t *testing.T) {
	m := func(rel string) string {
		if rel == "" {
			return module
		}
		return module + "/" + rel
	}
	std := func(p string) bool { return !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") }
	good := []pkgImports{
		{m("compile/diag"), []string{"fmt", "strings"}},
		{m("compile/expr"), []string{m("compile/diag")}},
		{m("compile/model"), []string{m("compile/diag"), m("compile/expr")}},
		{m("compile"), []string{m("compile/model"), m("compile/expr"), m("compile/diag")}},
		{m("lang"), nil},
		{m("lang/hcl"), []string{m("compile/model"), m("compile/diag"), m("schema"), "github.com/hashicorp/hcl/v2/hclsyntax", "github.com/zclconf/go-cty/cty"}},
		{m("targets"), []string{m("compile"), m("compile/diag"), "github.com/goccy/go-yaml"}},
		{m("targets/github"), []string{m("targets"), m("compile"), m("compile/expr"), "github.com/goccy/go-yaml/ast"}},
		{m("targets/all"), []string{m("targets"), m("targets/azure"), m("targets/circleci"), m("targets/github"), m("targets/gitlab")}},
		{m("targets/graph"), []string{m("compile"), m("compile/model")}},
		{m("lint"), []string{m("compile"), m("targets"), m("targets/github"), "github.com/rhysd/actionlint"}},
		{m("lang/cue"), []string{m("compile/model"), m("compile/diag"), m("schema"), "cuelang.org/go/cue", "cuelang.org/go/encoding/yaml"}},
		{m("schema"), []string{"embed"}},
		{m("cmd/pipec"), []string{m("lang/hcl"), m("compile"), m("targets/all"), m("lint"), "github.com/spf13/pflag"}},
		{m("cmd/pipec/internal/udiff"), []string{"bytes", "fmt"}},
		{m(""), nil},
		{"example.com/other", []string{"example.com/whatever"}}, // not the module: ignored
	}
	if bad := checkLayering(good, std); len(bad) != 0 {
		t.Fatalf("a good module was rejected:\n%s", strings.Join(bad, "\n"))
	}

	cases := []struct {
		name string
		pkg  pkgImports
		want string
	}{
		{"diag imports model", pkgImports{m("compile/diag"), []string{m("compile/model")}}, "compile/diag (compile/diag) imports"},
		{"model imports compile", pkgImports{m("compile/model"), []string{m("compile")}}, "imports " + m("compile") + " "},
		{"compile imports a target", pkgImports{m("compile"), []string{m("targets")}}, "imports " + m("targets")},
		{"compile imports a front end", pkgImports{m("compile"), []string{m("lang/hcl")}}, "imports " + m("lang/hcl")},
		{"target imports target", pkgImports{m("targets/github"), []string{m("targets/gitlab")}}, "imports " + m("targets/gitlab")},
		{"target imports lint", pkgImports{m("targets/github"), []string{m("lint")}}, "imports " + m("lint")},
		{"front end imports compile", pkgImports{m("lang/hcl"), []string{m("compile")}}, "imports " + m("compile")},
		{"targets imports all", pkgImports{m("targets"), []string{m("targets/all")}}, "imports " + m("targets/all")},
		{"graph imports a target", pkgImports{m("targets/graph"), []string{m("targets/github")}}, "imports " + m("targets/github")},
		{"target imports graph", pkgImports{m("targets/github"), []string{m("targets/graph")}}, "imports " + m("targets/graph")},
		{"all imports compile", pkgImports{m("targets/all"), []string{m("compile")}}, "imports " + m("compile")},
		{"schema imports diag", pkgImports{m("schema"), []string{m("compile/diag")}}, "imports " + m("compile/diag")},
		{"lint imports cmd", pkgImports{m("lint"), []string{m("cmd/pipec")}}, "imports " + m("cmd/pipec")},
		{"hcl outside lang/hcl", pkgImports{m("compile"), []string{"github.com/hashicorp/hcl/v2"}}, "third-party github.com/hashicorp/hcl/v2"},
		{"hcl in another front end", pkgImports{m("lang/cue"), []string{"github.com/hashicorp/hcl/v2/hclsyntax"}}, "third-party github.com/hashicorp/hcl/v2/hclsyntax"},
		{"cue in another front end", pkgImports{m("lang/hcl"), []string{"cuelang.org/go/cue"}}, "third-party cuelang.org/go/cue"},
		{"cue in compile", pkgImports{m("compile"), []string{"cuelang.org/go/cue"}}, "third-party cuelang.org/go/cue"},
		{"yaml in compile", pkgImports{m("compile"), []string{"github.com/goccy/go-yaml"}}, "third-party github.com/goccy/go-yaml"},
		{"actionlint in a target", pkgImports{m("targets/github"), []string{"github.com/rhysd/actionlint"}}, "third-party github.com/rhysd/actionlint"},
		{"pflag in lint", pkgImports{m("lint"), []string{"github.com/spf13/pflag"}}, "third-party github.com/spf13/pflag"},
		{"unknown dependency", pkgImports{m("compile"), []string{"github.com/some/lib"}}, "third-party github.com/some/lib"},
		{"package without a row", pkgImports{m("util"), []string{"fmt"}}, "has no row in the layering table"},
		{"command helper imports the compiler", pkgImports{m("cmd/pipec/internal/udiff"), []string{m("compile/diag")}}, "imports " + m("compile/diag")},
		{"command helper imports pflag", pkgImports{m("cmd/pipec/internal/udiff"), []string{"github.com/spf13/pflag"}}, "third-party github.com/spf13/pflag"},
		{"nested target package", pkgImports{m("targets/github/internal"), nil}, "has no row in the layering table"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := checkLayering(append(append([]pkgImports{}, good...), c.pkg), std)
			if len(bad) != 1 || !strings.Contains(bad[0], c.want) {
				t.Errorf("want one violation containing %q, got %q", c.want, bad)
			}
		})
	}
}
