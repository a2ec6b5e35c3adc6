package compile

import (
	"math/rand/v2"
	"regexp"
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
		if !validImage(name) {
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
		if validImage(name) {
			t.Errorf("%q accepted, want refused", name)
			continue
		}
		if got := imageDetail(name); !strings.Contains(got, detail) {
			t.Errorf("imageDetail(%q) = %q, want it to contain %q", name, got, detail)
		}
	}
}

// imageGrammar is the reference grammar as a regular expression, the form the docker
// reference library writes it in: the oracle validImage is held to.
var imageGrammar = func() *regexp.Regexp {
	const (
		host    = `(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)`
		domain  = host + `(?:\.` + host + `)*(?::[0-9]+)?`
		segment = `[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`
		tag     = `[\w][\w.-]{0,127}`
		digest  = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
	)
	return regexp.MustCompile(`^(?:` + domain + `/)?` + segment + `(?:/` + segment + `)*(?::` + tag + `)?(?:@` + digest + `)?$`)
}()

// imageCorners are names at the edges of each part of the grammar.
func imageCorners() []string {
	hex32 := strings.Repeat("a", 32)
	return []string{
		"", "a", "A", "-", "a-", "a--b", "a__b", "a___b", "a._b", "a.b", "a..b", "_a", "a_",
		"a/b", "a//b", "/a", "a/", "A/b", "A.b/c", "a-b.c-d:80/e", "a:80/b", "a:/b", "a:8x/b", "-a.b/c", "a-.b/c",
		"a:b", "a:", "a:_", "a:-", "a:.", "a:b.c-d_e", "a:" + strings.Repeat("x", 128), "a:" + strings.Repeat("x", 129),
		"a@sha256:" + hex32, "a@sha256:" + hex32[1:], "a@SHA-256+x.y_z:" + hex32, "a@1sha:" + hex32, "a@sha256" + hex32,
		"a@sha256:" + hex32 + "g", "a:1@sha256:" + hex32, "a@b@sha256:" + hex32, "a@-x:" + hex32, "a@x-:" + hex32, "a@x--y:" + hex32,
		"localhost:5000", "localhost:5000/a:1", "a:1:2", "a:1/b", "a.b:1/c:d", "é", "a/é", "a b",
	}
}

// TestValidImageIsTheGrammar: validImage answers as the grammar's regular expression
// does, on the corners and on random names over the grammar's characters.
func TestValidImageIsTheGrammar(t *testing.T) {
	names := imageCorners()
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZ09_.-:/@f"
	for range 200000 {
		b := make([]byte, r.IntN(14))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		names = append(names, string(b))
	}
	for _, n := range names {
		if got, want := validImage(n), imageGrammar.MatchString(n); got != want {
			t.Errorf("validImage(%q) = %v, the grammar says %v", n, got, want)
		}
	}
}

// FuzzValidImage: `go test -fuzz FuzzValidImage ./compile` looks for a name on which
// validImage and the grammar disagree.
func FuzzValidImage(f *testing.F) {
	for _, n := range imageCorners() {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n string) {
		if got, want := validImage(n), imageGrammar.MatchString(n); got != want {
			t.Fatalf("validImage(%q) = %v, the grammar says %v", n, got, want)
		}
	})
}
