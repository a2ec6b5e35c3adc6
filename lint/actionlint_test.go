package lint

import (
	"os/exec"
	"strings"
	"testing"
)

const validWorkflow = `name: ci
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "hello"
  test:
    needs: [build]
    runs-on: ubuntu-latest
    steps:
      - run: echo "test"
`

func TestActionlintValid(t *testing.T) {
	fs, err := Actionlint("valid.yml", []byte(validWorkflow), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 {
		t.Errorf("want no findings, got %v", fs)
	}
}

func TestActionlintBroken(t *testing.T) {
	src := `on: push
jobs:
  test:
    needs: [biuld]
    runs-on: ubuntu-latest
    stepz:
      - run: echo hi
`
	fs, err := Actionlint("broken.yml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 {
		t.Fatal("want findings, got none")
	}
	var needs, key bool
	for _, f := range fs {
		if f.Line < 1 || f.Column < 1 || f.Kind == "" || f.Message == "" {
			t.Errorf("incomplete finding %+v", f)
		}
		if f.Line == 3 && strings.Contains(f.Message, "biuld") {
			needs = true
		}
		if f.Line == 6 && strings.Contains(f.Message, "stepz") {
			key = true
		}
	}
	if !needs || !key {
		t.Errorf("want findings for the unknown need (job at line 3) and the unknown key (line 6), got:\n%s", join(fs))
	}
	for i := 1; i < len(fs); i++ {
		if fs[i].Line < fs[i-1].Line {
			t.Errorf("findings not sorted by line:\n%s", join(fs))
		}
	}
}

func TestActionlintSyntaxError(t *testing.T) {
	fs, err := Actionlint("syntax.yml", []byte("on: push\njobs: [\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 {
		t.Fatal("want a finding for broken YAML")
	}
}

// With SHELLCHECK_OPTS=--severity=warning (what the oracles use), shellcheck's style
// notes are dropped and its warnings kept.
func TestActionlintShellcheck(t *testing.T) {
	if _, err := exec.LookPath("shellcheck"); err != nil {
		t.Skip("shellcheck not on PATH")
	}
	t.Setenv("SHELLCHECK_OPTS", "--severity=warning")
	src := `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo $HOME
      - run: |
          unused=1
          echo ok
`
	fs, err := Actionlint("sc.yml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	var sc2034 bool
	for _, f := range fs {
		if f.Kind != "shellcheck" {
			t.Errorf("unexpected finding %v", f)
		}
		if strings.Contains(f.Message, "SC2086") {
			t.Errorf("style note not dropped by SHELLCHECK_OPTS: %v", f)
		}
		if strings.Contains(f.Message, "SC2034") {
			sc2034 = true
		}
	}
	if !sc2034 {
		t.Errorf("want shellcheck's SC2034 warning, got:\n%s", join(fs))
	}
}

func join(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestActionlintSelfHostedLabels(t *testing.T) {
	src := []byte(`name: x
on: push
permissions: {}
jobs:
  a:
    runs-on: [self-hosted, gpu, linux]
    steps:
      - run: echo hi
`)
	fs, err := Actionlint("labels.yml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Kind != "runner-label" || fs[0].Line != 6 {
		t.Fatalf("without labels: want one runner-label finding at line 6, got %v", fs)
	}
	fs, err = Actionlint("labels.yml", src, []string{"gpu"})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 {
		t.Fatalf("with gpu declared: got %v", fs)
	}
}

// A shellcheck finding names the text it points at in the spec's terms (the reference,
// not pipec's PIPEC_* variable, nor a column of the generated script); its quoting note is
// dropped where the value is one word whatever the run, and its single-quotes note where
// reference-in-single-quotes reports.
func TestActionlintShellcheckInSpecTerms(t *testing.T) {
	if _, err := exec.LookPath("shellcheck"); err != nil {
		t.Skip("shellcheck not on PATH")
	}
	t.Setenv("SHELLCHECK_OPTS", "")
	var got []string
	for _, d := range lintFile(t, "testdata/actionlint/shellcheck.hcl") {
		if d.Code == "actionlint" {
			got = append(got, d.Summary)
		}
	}
	want := []string{
		"shellcheck SC2086 (info) at $NOTE: Double quote to prevent globbing and word splitting",
		"shellcheck SC2086 (info) at ${stage.version.outputs.v}: Double quote to prevent globbing and word splitting",
		"shellcheck SC2086 (info) at $NOTE: Double quote to prevent globbing and word splitting",
		"shellcheck SC2016 (info) at '$HOME': Expressions don't expand in single quotes, use double quotes for that",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A long piece of script is cut at a character, so the message stays valid UTF-8.
func TestShortenKeepsCharacters(t *testing.T) {
	got := shorten(strings.Repeat("é", 50))
	if want := strings.Repeat("é", 40) + "..."; got != want {
		t.Errorf("shorten = %q, want %q", got, want)
	}
	if s := strings.Repeat("é", 40); shorten(s) != s {
		t.Errorf("40 characters were shortened: %q", shorten(s))
	}
}
