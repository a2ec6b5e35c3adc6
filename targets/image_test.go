package targets

import "testing"

func TestShOnlyImage(t *testing.T) {
	for image, want := range map[string]bool{
		"alpine:3.20":                        true,
		"node:20-alpine":                     true,
		"python:3.12-alpine3.20":             true,
		"busybox":                            true,
		"curlimages/curl:8.10.1":             true,
		"docker:27":                          true,
		"hashicorp/terraform:1.9":            true,
		"docker.io/hashicorp/terraform:1.9":  true,
		"hashicorp/terraform@sha256:0123":    true,
		"hashicorp/vault:1.17":               true,
		"aquasec/trivy:0.56.2":               true,
		"bash:5":                             false,
		"alpine/k8s:1.30.5":                  false,
		"alpine/helm:3.16":                   false,
		"bitnami/kubectl:1.31":               false,
		"node:20-slim":                       false,
		"registry.example.com:5000/ci/tools": false,
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
