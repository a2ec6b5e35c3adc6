package cue

import (
	"fmt"
	"strconv"
	"strings"

	"cuelang.org/go/cue/ast"
	cueerrors "cuelang.org/go/cue/errors"

	"github.com/pipec-dev/pipec/compile/diag"
)

// stdlib lists the packages of CUE's standard library a spec may import, for the "did you
// mean" of an import that names none (a test holds it to the CUE pipec is built with).
var stdlib = []string{
	"crypto/ed25519", "crypto/hmac", "crypto/md5", "crypto/sha1", "crypto/sha256", "crypto/sha512",
	"encoding/base64", "encoding/csv", "encoding/hex", "encoding/json", "encoding/toml", "encoding/yaml",
	"html", "list", "math", "math/bits", "net", "path", "regexp", "strconv", "strings", "struct",
	"text/tabwriter", "text/template", "time", "uuid",
}

// badImports reports the imports CUE could not resolve, in pipec's words: CUE's own
// ("package \"acme.com/ci\" imported but not defined in ", "builtin package \"strngs\"
// undefined") speak of its module loader, which pipec does not use. It returns the
// paths reported, whose other errors ("imported and not used", "import not found" at
// each use) say the same again.
func (d *decoder) badImports(errs []cueerrors.Error, filename string) map[string]bool {
	bad := map[string]bool{}
	for _, e := range errs {
		path, module, ok := importError(e)
		if !ok {
			continue
		}
		bad[path] = true
		r := d.firstUserPos(e, filename)
		if module {
			d.diags.Errorf(r, "unsupported-import",
				"pipec reads no CUE modules (cue.mod): of imports, only CUE's standard library (strings, list, struct, ...) works; "+
					"put the definitions in a .cue file of the spec's package beside it",
				"import %q is of a CUE module, which pipec does not read", path)
			continue
		}
		detail := "CUE's standard library has no such package; a spec may import " + strings.Join(stdlib, ", ")
		if s := diag.Suggest(path, stdlib); s != "" {
			detail = fmt.Sprintf("did you mean %q?", s)
		}
		d.diags.Errorf(r, "unknown-import", detail, "no package %q in CUE's standard library", path)
	}
	return bad
}

// importError tells whether e is CUE's error about an import it could not resolve,
// with the import's path and whether it names a module (a path with a dot, as
// "acme.com/ci") rather than a package of the standard library.
func importError(e cueerrors.Error) (path string, module, ok bool) {
	format, args := e.Msg()
	if len(args) == 0 {
		return "", false, false
	}
	path, ok = args[0].(string)
	switch {
	case !ok:
		return "", false, false
	case strings.HasPrefix(format, "package %q imported but not defined"):
		return path, true, true
	case format == "builtin package %q undefined":
		return path, false, true
	}
	return "", false, false
}

// repeatsBadImport tells whether an error is about an import badImports reported: that
// report, or one that says the same again.
func repeatsBadImport(e cueerrors.Error, bad map[string]bool) bool {
	if _, _, ok := importError(e); ok {
		return true
	}
	format, args := e.Msg()
	if len(args) == 0 || !strings.HasPrefix(format, "imported and not used") && format != "import %q not found" {
		return false
	}
	// "imported and not used: %s" has the path as written, in quotes.
	path, ok := args[0].(string)
	if u, err := strconv.Unquote(path); err == nil {
		path = u
	}
	return ok && bad[path]
}

// externs reports each file attribute @extern(...) of f and tells whether there was none.
// CUE's externs embed files into a value (@extern(embed), with @embed(file=...)) or call
// code outside CUE; pipec evaluates a spec on its own, so a spec means the same wherever
// it is compiled, and CUE's own message for it ("no injection defined") names neither
// the attribute nor what to do instead.
func (d *decoder) externs(f *ast.File) bool {
	ok := true
	for _, decl := range f.Decls {
		a, isAttr := decl.(*ast.Attribute)
		if !isAttr {
			continue
		}
		key, body := a.Split()
		if key != "extern" {
			continue
		}
		r := d.srcs.rng(d.srcs.loc(a.Pos()), d.srcs.loc(a.End()))
		if r.IsZero() {
			r = fileStart(f.Filename)
		}
		d.diags.Errorf(r, "unsupported-extern",
			"pipec evaluates a spec on its own: it embeds no files (@embed) and calls no code outside CUE; "+
				"write the data into the spec, or into a .cue file of the spec's package beside it",
			"@extern(%s) is not supported", body)
		ok = false
	}
	return ok
}
