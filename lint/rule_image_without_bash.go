package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/targets"
)

var ruleImageWithoutBash = &Rule{
	ID:        "image-without-bash",
	Category:  Portability,
	Severity:  diag.Warning,
	Summary:   "bash steps run in an image that has no bash",
	Rationale: "Steps run in bash unless they name another shell. Alpine and BusyBox images (alpine:3.20, node:20-alpine, busybox, and curlimages/curl and docker:27, built on Alpine) have only sh: GitHub Actions, told to use bash, fails every such step, and GitLab and CircleCI run the script with sh instead, where bash's syntax ([[ ]], arrays, pipefail) fails or means something else.",
	Fix:       "use an image that has bash (node:20-slim, a Debian-based tag), or set shell = \"sh\" on the steps and write them for sh",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			img := jobImage(p.Pipeline, s)
			if img == nil {
				continue
			}
			imgs, known := imagesOf(img, s)
			if !known {
				continue // made of values known only when it runs
			}
			var bare string
			for _, one := range imgs {
				if shOnly(one) {
					bare = one
					break
				}
			}
			if bare == "" {
				continue
			}
			for _, st := range stageSteps(s) {
				if st.Shell == nil || st.Shell.Value == "bash" {
					p.Report(img.Range, "stage %q runs bash steps in %q, which has no bash", s.Name, bare)
					break
				}
			}
		}
	},
}

// shOnly reports an image known to have sh but no bash (targets.ShOnlyImage).
func shOnly(image string) bool { return targets.ShOnlyImage(image) }
