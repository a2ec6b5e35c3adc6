package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What stands where an output goes is named, with what to do: a file where a directory
// is needed (.github, .circleci), a directory where the file goes, a directory pipec
// may not write in. "read .github/workflows/hello.yml: not a directory" named none of it.
// Nothing is written in any case, and --check says the same.
func TestOutputPathObstacles(t *testing.T) {
	cases := []struct {
		name   string
		target string
		setup  func(t *testing.T, out string)
		want   string
	}{
		{"github-file", "github", func(t *testing.T, out string) { writeFile(t, out, ".github", "") },
			"cannot write OUT/.github/workflows/hello.yml: OUT/.github is a file, where pipec needs a directory; move it away"},
		{"circleci-file", "circleci", func(t *testing.T, out string) { writeFile(t, out, ".circleci", "") },
			"cannot write OUT/.circleci/config.yml: OUT/.circleci is a file, where pipec needs a directory; move it away"},
		{"output-dir", "azure", func(t *testing.T, out string) { mkdir(t, filepath.Join(out, "azure-pipelines.yml")) },
			"cannot write OUT/azure-pipelines.yml: it is a directory, where pipec writes a file; move it away"},
		{"workflow-dir", "github", func(t *testing.T, out string) { mkdir(t, filepath.Join(out, ".github/workflows/hello.yml")) },
			"cannot write OUT/.github/workflows/hello.yml: it is a directory, where pipec writes a file; move it away"},
	}
	spec := writeSpec(t, "pipeline.hcl", helloSpec)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			c.setup(t, out)
			before := files(t, out)
			want := strings.ReplaceAll(c.want, "OUT", out)
			for _, args := range [][]string{{"generate", spec, "-o", out, "-t", c.target}, {"generate", "--check", spec, "-o", out, "-t", c.target}} {
				r := pipec(t, args...)
				if r.code != exitUsage || !strings.Contains(r.stderr, want) {
					t.Errorf("%q: want exit 2 and %q, got %v", args, want, r)
				}
			}
			if got := files(t, out); strings.Join(got, ",") != strings.Join(before, ",") {
				t.Errorf("files changed: %q, were %q", got, before)
			}
		})
	}
	t.Run("read-only-dir", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("SKIP: root writes in a read-only directory")
		}
		out := t.TempDir()
		mkdir(t, filepath.Join(out, ".github/workflows"))
		ro := filepath.Join(out, ".github/workflows")
		if err := os.Chmod(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(ro, 0o755)
		r := pipec(t, "generate", spec, "-o", out, "-t", "github")
		if want := "permission denied in " + ro + "; make that directory writable"; r.code != exitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("want exit 2 and %q, got %v", want, r)
		}
	})
}

// A permission error names the directory to make writable, or the file to make
// readable, wherever the tests run (as root, the case above cannot happen).
func TestPathErrorPermission(t *testing.T) {
	out := t.TempDir()
	dst := filepath.Join(out, "new", "azure-pipelines.yml")
	err := &fs.PathError{Op: "open", Path: dst, Err: fs.ErrPermission}
	if got, want := pathError(dst, false, err).Error(), "cannot write "+dst+": permission denied in "+out+"; make that directory writable"; !strings.HasPrefix(got, want) {
		t.Errorf("write: got %q, want %q...", got, want)
	}
	if got, want := pathError(dst, true, err).Error(), "cannot read "+dst+" (permission denied)"; !strings.HasPrefix(got, want) {
		t.Errorf("read: got %q, want %q...", got, want)
	}
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

// Every output in the way is reported in one run, in the outputs' order, not the first
// alone: fixing .github only to learn of .circleci on the next run wasted a run each.
func TestOutputPathObstaclesAllReported(t *testing.T) {
	spec := writeSpec(t, "pipeline.hcl", helloSpec)
	out := t.TempDir()
	writeFile(t, out, ".github", "")
	writeFile(t, out, ".circleci", "")
	mkdir(t, filepath.Join(out, "azure-pipelines.yml"))
	before := files(t, out)
	want := []string{
		"pipec: cannot write OUT/.github/workflows/hello.yml: OUT/.github is a file",
		"pipec: cannot write OUT/.circleci/config.yml: OUT/.circleci is a file",
		"pipec: cannot write OUT/azure-pipelines.yml: it is a directory",
	}
	for _, args := range [][]string{{"generate", "-q", spec, "-o", out}, {"generate", "-q", "--check", spec, "-o", out}} {
		r := pipec(t, args...)
		at := 0
		for _, w := range want {
			w = strings.ReplaceAll(w, "OUT", out)
			i := strings.Index(r.stderr[at:], w)
			if i < 0 {
				t.Errorf("%q: want %q (after the ones before it), got %v", args, w, r)
				break
			}
			at += i + len(w)
		}
		if r.code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, r.code, exitUsage)
		}
	}
	if got := files(t, out); strings.Join(got, ",") != strings.Join(before, ",") {
		t.Errorf("files changed: %q, were %q", got, before)
	}

	// Writing (after reading found nothing in the way) names every output it could not
	// write too, and leaves no temporary file.
	dir := t.TempDir()
	writeFile(t, dir, "a", "")
	writeFile(t, dir, "b", "")
	outs := []output{
		{target: "github", dst: filepath.Join(dir, "a", "x.yml"), data: []byte("x\n")},
		{target: "gitlab", dst: filepath.Join(dir, "ok.yml"), data: []byte("x\n")},
		{target: "circleci", dst: filepath.Join(dir, "b", "y.yml"), data: []byte("y\n")},
	}
	_, err := writeOutputs(outs, make([]onDisk, len(outs)))
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "a")+" is a file") || !strings.Contains(err.Error(), filepath.Join(dir, "b")+" is a file") {
		t.Errorf("writeOutputs: want both blocked outputs named, got %v", err)
	}
	if got := files(t, dir); strings.Join(got, ",") != "a,b" {
		t.Errorf("files after a failed write: %q, want a and b alone", got)
	}
}
