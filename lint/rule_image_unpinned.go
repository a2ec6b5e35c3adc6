package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

var ruleImageUnpinned = &Rule{
	ID:        "image-unpinned",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a container image has no tag, or the tag latest",
	Rationale: "It reads the images of stages and services, and those a native block names (GitHub's container and services, GitLab's image and services, CircleCI's docker, Azure's container). An image without a tag is `latest`, which changes whenever its publisher pushes. Builds stop being reproducible, a broken or malicious push reaches every pipeline at once, and nothing in the repository's history says which image ran.",
	Fix:       "name a version tag (python:3.12-slim), or better a digest (python@sha256:...)",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "image" && at.what != "service image" {
				return
			}
			// An image made of matrix values is as pinned as each image the matrix makes.
			if imgs, ok := cellImages(t, at.stage); ok {
				for _, img := range imgs {
					if unpinned(img) {
						p.Report(t.Range, "image %q is not pinned to a version in the matrix cell that makes %q", t.Text(), img)
					}
				}
				return
			}
			if unpinned(t.Text()) {
				p.Report(t.Range, "image %q is not pinned to a version", t.Text())
			}
		})
		// A native block's image replaces pipec's on its target, as written.
		for _, s := range p.Pipeline.Stages {
			for _, img := range nativeImages(p, s) {
				// A platform variable ($CI_REGISTRY_IMAGE) is known only when the job runs.
				if unpinned(img.value.Str) && !strings.Contains(img.value.Str, "$") {
					p.Report(img.value.Range, "image %q in the native %q block is not pinned to a version", img.value.Str, img.target)
				}
			}
		}
	},
}

// unpinned reports an image without a digest whose tag is missing or latest.
func unpinned(image string) bool {
	tag, digest := splitImage(image)
	return digest == "" && (tag == "" || tag == "latest")
}
