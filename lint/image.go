package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// imageRef splits a container image reference into its tag and digest ("" when absent).
// A template's references count as text: "node:${matrix.node}" has a tag.
func imageRef(t *expr.Template) (tag, digest string) { return splitImage(t.Text()) }

// splitImage splits an image reference written out in full.
func splitImage(s string) (tag, digest string) {
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

// cellImages writes out an image that reads only the stage's matrix values, once per
// matrix cell and without repeats: image = "${matrix.image}" runs each listed image. ok is
// false for an image that reads anything else, or a stage without a matrix.
func cellImages(t *expr.Template, s *model.Stage) (images []string, ok bool) {
	if s == nil || s.Matrix == nil || t.IsLiteral() {
		return nil, false
	}
	for _, r := range t.Refs() {
		if r.Root() != "matrix" || len(r.Path) != 2 {
			return nil, false
		}
	}
	seen := map[string]bool{}
	for _, c := range s.Matrix.Cells() {
		var b strings.Builder
		for _, p := range t.Parts {
			if p.Ref == nil {
				b.WriteString(p.Lit)
				continue
			}
			v, _ := c.Get(p.Ref.Path[1])
			b.WriteString(v)
		}
		if img := b.String(); !seen[img] {
			seen[img] = true
			images = append(images, img)
		}
	}
	return images, true
}

// imagesOf lists the images t can name: one per matrix cell for an image made of matrix
// values (cellImages), else t's text. known is false when t reads values known only
// when the job runs.
func imagesOf(t *expr.Template, s *model.Stage) (images []string, known bool) {
	if imgs, ok := cellImages(t, s); ok {
		return imgs, true
	}
	return []string{t.Text()}, t.IsLiteral()
}
