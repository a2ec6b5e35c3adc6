package pipec_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPreCommitHooks runs pre-commit with the README's .pre-commit-config.yaml, its repo
// pointed at a git repository made from this working tree (so uncommitted changes are what
// is tested, and a clean clone in CI works the same), on a user's repository whose
// generated files are stale: pipec-generate rewrites them and fails, as a fixer does; the
// second run passes. pipec-lint fails on a lint error; pipec-check (when this branch has
// generate --check) fails on stale files with a diff and writes nothing.
//
// pre-commit builds pipec with `go install ./...` in its clone (language: golang) with the
// go on PATH; the Go caches are the test's own, so nothing is downloaded.
func TestPreCommitHooks(t *testing.T) {
	t.Parallel()
	preCommit := needTool(t, "pre-commit", ".ci/run installs Debian's pre-commit as root; or apt-get install pre-commit")
	needTool(t, "git", "the oracles' install.sh installs it as root")
	pipec := buildPipec(t)
	tmp := t.TempDir()

	// The hook repository: this working tree, committed.
	hooks := filepath.Join(tmp, "pipec")
	copyProject(t, hooks)
	rev := gitCommitAll(t, hooks, "pipec under test")

	config := readmeSnippet(t, "pre-commit")
	config = setLine(t, config, `\s*- repo: `, hooks)
	config = setLine(t, config, `\s*rev: `, rev)

	user := filepath.Join(tmp, "user")
	writeUserRepo(t, pipec, user, "pipeline.hcl", stale)
	if err := os.WriteFile(filepath.Join(user, ".pre-commit-config.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	gitCommitAll(t, user, "a spec with stale generated files")

	env := append(goCaches(t), gitEnv...)
	env = append(env, "PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-home"))
	preCommitRun := func() (string, int) {
		start := time.Now()
		out, code := runCmd(t, user, env, preCommit, "run", "--all-files", "--color", "never")
		t.Logf("pre-commit run --all-files: exit %d in %v:\n%s", code, time.Since(start).Round(100*time.Millisecond), out)
		return out, code
	}

	// First run: installs the hooks (builds pipec), rewrites the stale files, fails.
	out, code := preCommitRun()
	if code != 1 {
		t.Fatalf("first pre-commit run on stale files: exit %d, want 1:\n%s", code, out)
	}
	mustContain(t, "first pre-commit run", out, "pipec generate", "Failed", "- hook id: pipec-generate", "files were modified by this hook", "pipec lint")
	// What pipec generate writes for the spec, in a copy of it (the header names the spec
	// relative to the output, so the copy sits where the spec does).
	want := filepath.Join(tmp, "want")
	spec, err := os.ReadFile(filepath.Join(user, "pipeline.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(want, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(want, "pipeline.hcl"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := runCmd(t, want, nil, pipec, "generate", "-q", "pipeline.hcl"); code != 0 {
		t.Fatalf("pipec generate: exit %d:\n%s", code, out)
	}
	sameFiles(t, want, user)

	// Second run: nothing left to fix.
	out, code = preCommitRun()
	if code != 0 {
		t.Fatalf("second pre-commit run: exit %d, want 0:\n%s", code, out)
	}
	if !regexp.MustCompile(`(?m)^pipec generate\.+Passed$`).MatchString(out) || !regexp.MustCompile(`(?m)^pipec lint\.+Passed$`).MatchString(out) {
		t.Fatalf("second pre-commit run: want both hooks Passed:\n%s", out)
	}

	// A lint error fails pipec-lint (the generated files are fresh).
	writeUserRepo(t, pipec, user, "pipeline.hcl", lintError)
	gitCommitAll(t, user, "a secret written into the spec")
	out, code = preCommitRun()
	if code != 1 || !regexp.MustCompile(`(?m)^pipec lint\.+Failed$`).MatchString(out) {
		t.Fatalf("pre-commit run on a lint error: exit %d, want 1 with pipec lint Failed:\n%s", code, out)
	}
	mustContain(t, "pre-commit run on a lint error", out, "- hook id: pipec-lint", "[secret-literal]")

	t.Run("pipec-check", func(t *testing.T) {
		if !hasGenerateCheck(t, pipec) {
			t.Skip("SKIP: " + noCheck + ": the pipec-check hook is not run")
		}
		checkConfig := "repos:\n  - repo: " + hooks + "\n    rev: " + rev + "\n    hooks:\n      - id: pipec-check\n"
		if err := os.WriteFile(filepath.Join(user, ".pre-commit-config.yaml"), []byte(checkConfig), 0o644); err != nil {
			t.Fatal(err)
		}
		writeUserRepo(t, pipec, user, "pipeline.hcl", stale)
		gitCommitAll(t, user, "pipec-check, stale files")
		out, code := preCommitRun()
		if code != 1 || !regexp.MustCompile(`(?m)^pipec generate --check\.+Failed$`).MatchString(out) {
			t.Fatalf("pipec-check on stale files: exit %d, want 1 with the hook Failed:\n%s", code, out)
		}
		mustContain(t, "pipec-check on stale files", out, markerOld, markerNew)
		if strings.Contains(out, "files were modified by this hook") {
			t.Fatalf("pipec-check wrote files:\n%s", out)
		}
		if st, _ := runCmd(t, user, gitEnv, "git", "status", "--porcelain"); st != "" {
			t.Fatalf("pipec-check changed the repository:\n%s", st)
		}
		writeUserRepo(t, pipec, user, "pipeline.hcl", fresh)
		gitCommitAll(t, user, "pipec-check, fresh files")
		if out, code := preCommitRun(); code != 0 {
			t.Fatalf("pipec-check on fresh files: exit %d, want 0:\n%s", code, out)
		}
	})

	// A CUE spec reads every .cue file of its package in its directory: a commit that
	// changes only stages.cue beside pipeline.cue reruns pipeline.cue (the header names
	// it), and a .cue file no spec reads is passed over.
	t.Run("cue-package", func(t *testing.T) {
		pkg := filepath.Join(tmp, "cue-user")
		files := map[string]string{
			"pipeline.cue":    "package ci\n\npipeline: \"demo\": {\n\ton: push: branches: [\"main\"]\n\tstage: test: step: t: run: \"echo hi\"\n}\n",
			"stages.cue":      "package ci\n\npipeline: \"demo\": stage: build: step: b: run: \"make\"\n",
			"tools/other.cue": "package tools\n\nx: 1\n",
		}
		for name, src := range files {
			writeTestFile(t, filepath.Join(pkg, name), src)
		}
		writeTestFile(t, filepath.Join(pkg, ".pre-commit-config.yaml"), config)
		if out, code := runCmd(t, pkg, nil, pipec, "generate", "-q", "-t", "gitlab"); code != 0 {
			t.Fatalf("pipec generate: exit %d:\n%s", code, out)
		}
		gitCommitAll(t, pkg, "a CUE package and its generated file")
		run := func(files ...string) (string, int) {
			out, code := runCmd(t, pkg, env, preCommit, append([]string{"run", "--color", "never", "--files"}, files...)...)
			t.Logf("pre-commit run --files %s: exit %d:\n%s", strings.Join(files, " "), code, out)
			return out, code
		}

		writeTestFile(t, filepath.Join(pkg, "stages.cue"), strings.Replace(files["stages.cue"], `"make"`, `"make release"`, 1))
		gitCommitAll(t, pkg, "stages.cue changed")
		out, code := run("stages.cue")
		if code != 1 || !regexp.MustCompile(`(?m)^pipec generate\.+Failed$`).MatchString(out) {
			t.Fatalf("a change to stages.cue alone: exit %d, want 1 with pipec generate Failed:\n%s", code, out)
		}
		mustContain(t, "a change to stages.cue alone", out, "files were modified by this hook")
		gen, err := os.ReadFile(filepath.Join(pkg, ".gitlab-ci.yml"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(gen), "# generated by pipec from pipeline.cue ") || !strings.Contains(string(gen), "make release") {
			t.Fatalf("the hook did not regenerate pipeline.cue's file:\n%s", gen)
		}
		gitCommitAll(t, pkg, "regenerated")
		if out, code := run("stages.cue", "tools/other.cue"); code != 0 {
			t.Fatalf("fresh files and a .cue file no spec reads: exit %d, want 0:\n%s", code, out)
		}
	})

	// .pipec.hcl re-levels findings: a commit that changes only it reruns pipec-lint,
	// on every spec.
	t.Run("lint-config", func(t *testing.T) {
		repo := filepath.Join(tmp, "config-user")
		writeTestFile(t, filepath.Join(repo, "pipeline.hcl"), "pipeline \"demo\" {\n  on {\n    push {}\n  }\n  stage \"test\" {\n    step \"t\" {\n      run = \"echo hi\"\n    }\n  }\n}\n")
		writeTestFile(t, filepath.Join(repo, ".pre-commit-config.yaml"), config)
		if out, code := runCmd(t, repo, nil, pipec, "generate", "-q", "-t", "gitlab"); code != 0 {
			t.Fatalf("pipec generate: exit %d:\n%s", code, out)
		}
		gitCommitAll(t, repo, "a spec without a timeout")
		writeTestFile(t, filepath.Join(repo, ".pipec.hcl"), "lint {\n  rule \"missing-timeout\" {\n    severity = \"error\"\n  }\n}\n")
		gitCommitAll(t, repo, "missing-timeout is an error")
		out, code := runCmd(t, repo, env, preCommit, "run", "--color", "never", "--files", ".pipec.hcl")
		t.Logf("pre-commit run --files .pipec.hcl: exit %d:\n%s", code, out)
		if code != 1 || !regexp.MustCompile(`(?m)^pipec lint\.+Failed$`).MatchString(out) {
			t.Fatalf("a change to .pipec.hcl alone: exit %d, want 1 with pipec lint Failed:\n%s", code, out)
		}
		mustContain(t, "a change to .pipec.hcl alone", out, "[missing-timeout]")
	})
}

func writeTestFile(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
