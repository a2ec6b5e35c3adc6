package compile

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestSourceDigestOneFile(t *testing.T) {
	// SHA-256 of the empty string, as published in FIPS 180-2's examples and printed by
	// `sha256sum /dev/null`.
	if got := SourceDigest([]SourceFile{{Name: "pipeline.hcl"}}); got != "sha256:e3b0c44298fc1c14" {
		t.Errorf("empty spec: got %q", got)
	}
	src := []byte("pipeline \"x\" {}\n")
	sum := sha256.Sum256(src)
	want := fmt.Sprintf("sha256:%x", sum[:8])
	if got := SourceDigest([]SourceFile{{Name: "dir/pipeline.hcl", Src: src}}); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if SourceDigest([]SourceFile{{Name: "a.hcl", Src: src}}) == SourceDigest([]SourceFile{{Name: "a.hcl", Src: append(src, ' ')}}) {
		t.Error("an edited spec has the same digest")
	}
	if got := SourceDigest(nil); got != "" {
		t.Errorf("no files: want no digest, got %q", got)
	}
}

func TestSourceDigestPackage(t *testing.T) {
	a := SourceFile{Name: "ci/pipeline.cue", Src: []byte("package ci\n")}
	b := SourceFile{Name: "ci/stages.cue", Src: []byte("package ci\nx: 1\n")}
	got := SourceDigest([]SourceFile{b, a})
	if again := SourceDigest([]SourceFile{a, b}); got != again {
		t.Errorf("the order of the files changes the digest: %q and %q", got, again)
	}
	moved := []SourceFile{{Name: `elsewhere\pipeline.cue`, Src: a.Src}, {Name: "/x/y/stages.cue", Src: b.Src}}
	if other := SourceDigest(moved); other != got {
		t.Errorf("the package's directory changes the digest: %q and %q", got, other)
	}
	edited := []SourceFile{a, {Name: b.Name, Src: []byte("package ci\nx: 2\n")}}
	if SourceDigest(edited) == got {
		t.Error("editing one file of the package leaves the digest unchanged")
	}
	renamed := []SourceFile{a, {Name: "ci/jobs.cue", Src: b.Src}}
	if SourceDigest(renamed) == got {
		t.Error("renaming a file of the package leaves the digest unchanged")
	}
	if !strings.HasPrefix(got, "sha256:") || len(got) != len("sha256:")+16 {
		t.Errorf("want sha256: and 16 hex digits, got %q", got)
	}

	// What the documentation promises: `sha256sum *.cue | sha256sum` in the package's
	// directory gives the same digits.
	sha256sum, err := exec.LookPath("sha256sum")
	if err != nil {
		t.Skip("SKIP: sha256sum is not installed; the documented command is not checked")
	}
	dir := t.TempDir()
	for _, f := range []SourceFile{a, b} {
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f.Name)), f.Src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("sh", "-c", sha256sum+" *.cue | "+sha256sum)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "sha256:" + string(out[:16]); got != want {
		t.Errorf("sha256sum *.cue | sha256sum gives %q, SourceDigest %q", want, got)
	}
}
