package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

var ruleImageUnpinned = &Rule{
	ID:        "image-unpinned",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a container image has no tag, or the tag latest",
	Rationale: "An image without a tag is `latest`, which changes whenever its publisher pushes. Builds stop being reproducible, a broken or malicious push reaches every pipeline at once, and nothing in the repository's history says which image ran.",
	Fix:       "name a version tag (python:3.12-slim), or better a digest (python@sha256:...)",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "image" && at.what != "service image" {
				return
			}
			if tag, digest := imageRef(t); digest == "" && (tag == "" || tag == "latest") {
				p.Report(t.Range, "image %q is not pinned to a version", t.Text())
			}
		})
	},
}
