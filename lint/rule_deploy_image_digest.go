package lint

import "github.com/pipec-dev/pipec/compile/diag"

var ruleDeployImageDigest = &Rule{
	ID:        "deploy-image-digest",
	Category:  Security,
	Severity:  diag.Info,
	Summary:   "a deployment runs in an image without a digest",
	Rationale: "A deployment stage holds production credentials. A tag can be moved to another image at any time by whoever can push to the registry; a digest cannot. Pinning deploy images by digest makes the deploy tool itself part of the reviewed change.",
	Fix:       "append the digest: image = \"alpine/k8s:1.30.4@sha256:...\" (a tool such as crane digest prints it)",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if s.Environment == nil {
				continue
			}
			for _, img := range stageImages(p.Pipeline, s) {
				// An unpinned image is image-unpinned's to report, once; for a matrix
				// image, that is any of the images it makes.
				imgs, _ := imagesOf(img, s)
				var undigested bool
				for _, one := range imgs {
					if unpinned(one) {
						undigested = false
						break
					}
					if _, digest := splitImage(one); digest == "" {
						undigested = true
					}
				}
				if undigested {
					p.reportDetail(img.Range, "append the digest: image = \""+img.Text()+"@sha256:...\" (a tool such as crane digest prints it)", "deployment stage %q runs in %q without a digest", s.Name, img.Text())
				}
			}
		}
	},
}
