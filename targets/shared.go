package targets

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// RefVar is the environment variable through which a reference reaches a script. Every
// target uses the same name, so a script reads ${PIPEC_CI_BRANCH} on every platform.
func RefVar(r *expr.Ref) string { return "PIPEC_" + EnvName(strings.Join(r.Path, "_")) }

// RawNumber is a number written exactly as the spec wrote it (3.10 stays 3.10).
type RawNumber string

// MarshalYAML writes the number unquoted.
func (n RawNumber) MarshalYAML() ([]byte, error) { return []byte(n), nil }

// Raw renders a `native` value as is: strings, numbers as written, booleans, lists and
// maps in source order.
func Raw(v *model.Value) any {
	switch v.Kind {
	case model.KindString:
		return v.Str
	case model.KindNumber:
		return RawNumber(v.Str)
	case model.KindBool:
		return v.Bool
	case model.KindList:
		out := make([]any, len(v.List))
		for i, x := range v.List {
			out[i] = Raw(x)
		}
		return out
	case model.KindMap:
		var m Map
		for _, ent := range v.Map {
			Set(&m, ent.Key, Raw(ent.Value))
		}
		return m
	}
	return nil
}
