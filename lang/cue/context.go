package cue

import (
	"cuelang.org/go/cue"

	// The packages of CUE's standard library a spec may import (stdlib in imports.go),
	// each registering its builtins with CUE's runtime as it initialises. Not
	// cuelang.org/go/pkg, which cuecontext imports: it adds the cue command's tool
	// packages (tool/exec, tool/http, ...) and encoding/openapi, and with them net/http's
	// server, html/template and protobuf, whose package initialisation every pipec
	// process would pay, whatever its command, for packages no pipeline may use.
	_ "cuelang.org/go/pkg/crypto/ed25519"
	_ "cuelang.org/go/pkg/crypto/hmac"
	_ "cuelang.org/go/pkg/crypto/md5"
	_ "cuelang.org/go/pkg/crypto/sha1"
	_ "cuelang.org/go/pkg/crypto/sha256"
	_ "cuelang.org/go/pkg/crypto/sha512"
	_ "cuelang.org/go/pkg/encoding/base64"
	_ "cuelang.org/go/pkg/encoding/csv"
	_ "cuelang.org/go/pkg/encoding/hex"
	_ "cuelang.org/go/pkg/encoding/json"
	_ "cuelang.org/go/pkg/encoding/toml"
	_ "cuelang.org/go/pkg/encoding/yaml"
	_ "cuelang.org/go/pkg/html"
	_ "cuelang.org/go/pkg/list"
	_ "cuelang.org/go/pkg/math"
	_ "cuelang.org/go/pkg/math/bits"
	_ "cuelang.org/go/pkg/net"
	_ "cuelang.org/go/pkg/path"
	_ "cuelang.org/go/pkg/regexp"
	_ "cuelang.org/go/pkg/strconv"
	_ "cuelang.org/go/pkg/strings"
	_ "cuelang.org/go/pkg/struct"
	_ "cuelang.org/go/pkg/text/tabwriter"
	_ "cuelang.org/go/pkg/text/template"
	_ "cuelang.org/go/pkg/time"
	_ "cuelang.org/go/pkg/uuid"
)

// newContext returns a CUE context for one spec. It is what cuecontext.New returns
// without the two things pipec has no use for and cuecontext cannot leave out: the
// registry of the whole standard library (see the imports above) and file embedding
// (@extern(embed), which pipec refuses: see externs). cue.Runtime's zero value sets up
// the same runtime as cuecontext.New (the evaluator CUE_EXPERIMENT selects, CUE_DEBUG's
// flags); it is deprecated as an API for compiling, but a context is all that is taken
// from it. Leaving cuecontext out takes 8 MB off the binary and about a tenth off the
// start-up of every pipec process (docs/performance.md); TestCUEToolingNotLinked holds
// it.
func newContext() *cue.Context {
	var r cue.Runtime
	inst, err := r.Compile("", "")
	if err != nil {
		panic("compiling an empty CUE file: " + err.Error())
	}
	return inst.Value().Context()
}
