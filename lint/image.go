package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
)

// imageRef splits a container image reference into its tag and digest ("" when absent).
// A template's references count as text: "node:${matrix.node}" has a tag.
func imageRef(t *expr.Template) (tag, digest string) {
	s := t.Text()
	if i := strings.Index(s, "@"); i >= 0 {
		s, digest = s[:i], s[i+1:]
	}
	// The tag follows the last colon after the last slash (a registry may have a port).
	slash := strings.LastIndex(s, "/")
	if c := strings.LastIndex(s, ":"); c > slash {
		tag = s[c+1:]
	}
	return tag, digest
}
