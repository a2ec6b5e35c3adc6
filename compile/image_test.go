package compile

import (
	"strings"
	"testing"
)

func TestImageNames(t *testing.T) {
	for _, name := range []string{
		"python", "python:3.12-slim", "library/python:3.12", "docker.io/library/python:3",
		"ghcr.io/org/app:1.4", "localhost:5000/app", "localhost/app:1", "MyRegistry.azurecr.io/app:v1",
		"mcr.microsoft.com/windows/servercore:ltsc2022", "my-org/my_app__x:1.0_RC",
		"python@sha256:" + strings.Repeat("ab", 32), "python:3.12@sha256:" + strings.Repeat("0", 64),
		"x0:x0-slim", "x0/app:x0",
	} {
		if !reImage().MatchString(name) {
			t.Errorf("%q refused, want accepted", name)
		}
	}
	for name, detail := range map[string]string{
		"":                "the image is empty",
		"my image:1":      "no spaces",
		"ubuntu:":         "the tag after ':' is empty",
		"ubuntu@":         "the digest after '@' is empty",
		"Python:3.12":     `lower case: "python"`,
		"ghcr.io/Org/app": `lower case: "org/app"`,
		"app:1:2":         "a container runtime cannot read it",
		"-app":            "a container runtime cannot read it",
		"python@sha256:1": "a container runtime cannot read it",
		// GitHub's runner would split these into arguments of docker create.
		"alpine -v /:/host":    "no spaces",
		"python:3.12 # slim":   "no spaces",
		"postgres:16\n":        "no spaces",
		"$REGISTRY/app:latest": "expanded by GitLab alone",
	} {
		if reImage().MatchString(name) {
			t.Errorf("%q accepted, want refused", name)
			continue
		}
		if got := imageDetail(name); !strings.Contains(got, detail) {
			t.Errorf("imageDetail(%q) = %q, want it to contain %q", name, got, detail)
		}
	}
}
