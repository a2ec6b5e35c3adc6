package targets

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
)

// ShOnlyImage reports an image known to have sh but no bash: Alpine and BusyBox, by name
// (alpine, busybox) or by tag (node:20-alpine, python:3.12-alpine3.20, golang:1.23-alpine),
// and the well-known images built on Alpine that add no bash (shOnlyRepos), whatever
// their tag. Images that add bash (bash:5, alpine/k8s, alpine/helm) are named otherwise.
// The linter warns of bash steps there, and the CircleCI back end of the $BASH_ENV its
// jobs share values through.
func ShOnlyImage(image string) bool {
	repo, tag := imageRepo(image)
	name := repo[strings.LastIndex(repo, "/")+1:]
	switch {
	case name == "bash":
		return false
	case name == "alpine" || name == "busybox", shOnlyRepos[repo]:
		return true
	}
	return strings.Contains(tag, "alpine") || strings.Contains(tag, "busybox")
}

// WithoutLibcImage reports an image known to have no C library that a dynamically linked
// program could load: BusyBox's images (a static or minimal busybox, no libstdc++, no
// /etc/os-release) and Kaniko's executor (FROM scratch). GitHub runs JavaScript actions
// (actions/checkout, actions/cache, the artifact actions) inside a job's container with
// the runner's own Node.js, built for glibc, or for musl when /etc/os-release says
// Alpine: in these images it cannot start.
func WithoutLibcImage(image string) bool {
	repo, _ := imageRepo(image)
	return repo == "busybox" || repo == "gcr.io/kaniko-project/executor"
}

// shOnlyRepos lists tool images whose every tag is without bash (Alpine, or FROM scratch):
// their tags are versions (hashicorp/terraform:1.9), so the tag does not tell. Their
// Dockerfiles add the tool and at most git, openssh and curl. Looked up by key only, never ranged over.
var shOnlyRepos = map[string]bool{
	"curlimages/curl":     true,
	"docker":              true, // Docker's own CLI image, docker:27
	"hashicorp/terraform": true,
	"hashicorp/vault":     true,
	"hashicorp/packer":    true,
	"hashicorp/consul":    true,
	"hashicorp/nomad":     true,
	"alpine/git":          true,
	"aquasec/trivy":       true,
	"mikefarah/yq":        true,
	// Kaniko's images are built FROM scratch: the :debug tags add BusyBox's sh, the
	// others have no shell at all.
	"gcr.io/kaniko-project/executor": true,
}

// imageRepo splits an image reference into its repository, without Docker Hub's implied
// docker.io/ and library/ prefixes, and its tag ("" when absent). The digest is dropped.
func imageRepo(image string) (repo, tag string) {
	ref, _, _ := strings.Cut(image, "@")
	repo = ref
	if c := strings.LastIndex(ref, ":"); c > strings.LastIndex(ref, "/") {
		repo, tag = ref[:c], ref[c+1:]
	}
	return strings.TrimPrefix(strings.TrimPrefix(repo, "docker.io/"), "library/"), tag
}

// ToolEntrypointImage reports an image known to start its tool, not a shell, from its
// ENTRYPOINT (hashicorp/terraform runs /bin/terraform): a platform that starts the job's
// container through the image's entrypoint hands the tool the job's shell command as
// arguments. GitLab's Docker executor does (its docs say to override the entrypoint with
// [""] for such images); Azure's container jobs need an image without one. GitHub starts
// a job container with its own entrypoint, and CircleCI ignores the primary container's,
// so those run as written. A list, not every image: an entrypoint that is a wrapper
// (docker:27's sets DOCKER_HOST and TLS for a dind service) must keep running.
func ToolEntrypointImage(image string) bool {
	repo, _ := imageRepo(image)
	return toolEntrypointRepos[repo]
}

// ToolEntrypointTemplate is ToolEntrypointImage for an image as the spec writes it: a
// literal, or one whose references sit only in its tag or digest
// (hashicorp/terraform:${matrix.v}), whose repository the text before the first
// reference already names. An image whose repository itself comes from a reference
// (${input.image}, hashicorp/${matrix.tool}) is not known, and keeps its entrypoint.
func ToolEntrypointTemplate(t expr.Template) bool {
	if t.IsLiteral() {
		return ToolEntrypointImage(t.Literal())
	}
	prefix := literalPrefix(t)
	// The repository ends before a tag's ':' (after the last '/': a registry's port
	// comes before it) or a digest's '@'.
	if !strings.Contains(prefix, "@") && strings.LastIndex(prefix, ":") <= strings.LastIndex(prefix, "/") {
		return false
	}
	return ToolEntrypointImage(prefix)
}

// literalPrefix is the text of t before its first reference.
func literalPrefix(t expr.Template) string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref != nil {
			break
		}
		b.WriteString(p.Lit)
	}
	return b.String()
}

// toolEntrypointRepos lists images whose ENTRYPOINT is their tool or a script that runs
// only the tool. Looked up by key only, never ranged over.
var toolEntrypointRepos = map[string]bool{
	"hashicorp/terraform":            true,
	"hashicorp/packer":               true,
	"bitnami/kubectl":                true,
	"curlimages/curl":                true,
	"alpine/git":                     true,
	"alpine/helm":                    true,
	"aquasec/trivy":                  true,
	"mikefarah/yq":                   true,
	"amazon/aws-cli":                 true,
	"gcr.io/kaniko-project/executor": true,
	"goreleaser/goreleaser":          true,
}

// VaultCLIImage reports an image known to have HashiCorp's vault CLI: HashiCorp's own.
// The targets without a Vault integration (CircleCI, Azure Pipelines) read Vault
// secrets with that CLI in the job's container, and warn where it is not known to be.
func VaultCLIImage(image string) bool {
	repo, _ := imageRepo(image)
	return repo == "hashicorp/vault" || repo == "vault"
}
