package targets

import (
	"testing"

	"github.com/pipec-dev/pipec/compile/expr"
)

func TestShOnlyImage(t *testing.T) {
	for image, want := range map[string]bool{
		"alpine:3.20":                                  true,
		"node:20-alpine":                               true,
		"python:3.12-alpine3.20":                       true,
		"busybox":                                      true,
		"curlimages/curl:8.10.1":                       true,
		"docker:27":                                    true,
		"hashicorp/terraform:1.9":                      true,
		"docker.io/hashicorp/terraform:1.9":            true,
		"hashicorp/terraform@sha256:0123":              true,
		"hashicorp/vault:1.17":                         true,
		"aquasec/trivy:0.56.2":                         true,
		"gcr.io/kaniko-project/executor:v1.23.2-debug": true,
		"gcr.io/kaniko-project/executor:v1.23.2":       true,
		"bash:5":                                       false,
		"alpine/k8s:1.30.5":                            false,
		"alpine/helm:3.16":                             false,
		"bitnami/kubectl:1.31":                         false,
		"node:20-slim":                                 false,
		"registry.example.com:5000/ci/tools":           false,
	} {
		if got := ShOnlyImage(image); got != want {
			t.Errorf("ShOnlyImage(%q) = %v, want %v", image, got, want)
		}
	}
}

func TestToolEntrypointImage(t *testing.T) {
	for image, want := range map[string]bool{
		"hashicorp/terraform:1.9":                    true,
		"docker.io/bitnami/kubectl:1.31":             true,
		"curlimages/curl@sha256:0123":                true,
		"gcr.io/kaniko-project/executor:v1.23.2":     true,
		"docker:27":                                  false, // its entrypoint is a wrapper that must run
		"hashicorp/vault:1.17":                       false, // runs any command that is not vault's
		"node:20":                                    false,
		"registry.example.com/hashicorp/terraform:1": false,
	} {
		if got := ToolEntrypointImage(image); got != want {
			t.Errorf("ToolEntrypointImage(%q) = %v, want %v", image, got, want)
		}
	}
}

// TestToolEntrypointTemplate: an image built from references is known by the text
// before its first reference when that text names the repository whole (a reference
// only in the tag or digest), and not known otherwise.
func TestToolEntrypointTemplate(t *testing.T) {
	for image, want := range map[string]bool{
		"hashicorp/terraform:1.9":                      true,
		"hashicorp/terraform:${matrix.v}":              true,
		"hashicorp/terraform:1.${matrix.v}-alpine":     true,
		"curlimages/curl@${input.digest}":              true,
		"registry:5000/hashicorp/terraform:${input.v}": false, // not Docker Hub's
		"hashicorp/terraform${input.suffix}:1":         false, // the repository goes on
		"hashicorp/${input.tool}:1":                    false,
		"${input.image}":                               false,
		"node:${matrix.v}":                             false,
	} {
		tpl, ds := expr.ParseTemplate(image, expr.Source{Filename: "test"})
		if ds.HasErrors() {
			t.Fatalf("ParseTemplate(%q): %v", image, ds)
		}
		if got := ToolEntrypointTemplate(tpl); got != want {
			t.Errorf("ToolEntrypointTemplate(%q) = %v, want %v", image, got, want)
		}
	}
}

func TestVaultCLIImage(t *testing.T) {
	for image, want := range map[string]bool{
		"hashicorp/vault:1.17":           true,
		"docker.io/library/vault:1.13.3": true,
		"python:3.12-slim":               false,
		"cimg/base:current":              false,
	} {
		if got := VaultCLIImage(image); got != want {
			t.Errorf("VaultCLIImage(%q) = %v, want %v", image, got, want)
		}
	}
}
