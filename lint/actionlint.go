package lint

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"
)

// Finding is one problem actionlint reports in a workflow file.
type Finding struct {
	Line    int    // 1-based
	Column  int    // 1-based
	Kind    string // actionlint's rule name: "syntax-check", "expression", "shellcheck", ...
	Message string
}

// String renders LINE:COL: message [kind].
func (f Finding) String() string {
	return fmt.Sprintf("%d:%d: %s [%s]", f.Line, f.Column, f.Message, f.Kind)
}

// Actionlint checks one GitHub Actions workflow in-process with github.com/rhysd/actionlint.
// path names the file in findings and, when it exists on disk inside a repository, lets
// actionlint read that repository's .github/actionlint.yaml; src is the workflow's bytes.
//
// Scripts in `run:` are checked with shellcheck when a shellcheck executable is on PATH.
// actionlint starts shellcheck with this process's environment, so SHELLCHECK_OPTS applies:
// SHELLCHECK_OPTS=--severity=warning drops style and info notes, as the oracles do. pyflakes
// never runs.
//
// The error is for a linter that could not run (a broken actionlint.yaml, shellcheck
// crashing), not for problems in the workflow: those are findings, sorted by position.
//
// selfHosted lists the custom labels of self-hosted runners the workflow may name (a spec's
// runner = ["self-hosted", "gpu"] declares "gpu"); actionlint reports any other label it
// does not know. Without labels, a repository's .github/actionlint.yaml applies as usual.
func Actionlint(path string, src []byte, selfHosted []string) ([]Finding, error) {
	opts := &actionlint.LinterOptions{
		LogWriter: io.Discard,
		// Not ColorOptionKindNever: with it every NewLinter sets fatih/color's global
		// NoColor, a data race when specs are linted in parallel (pipec lint ./...).
		// actionlint prints nothing here, so its colours do not matter.
		Color: actionlint.ColorOptionKindAuto,
	}
	if len(selfHosted) > 0 {
		// actionlint takes its configuration only from a file.
		cfg, err := os.CreateTemp("", "pipec-actionlint-*.yaml")
		if err != nil {
			return nil, fmt.Errorf("actionlint: %w", err)
		}
		defer os.Remove(cfg.Name())
		var b strings.Builder
		b.WriteString("self-hosted-runner:\n  labels:\n")
		for _, l := range selfHosted {
			b.WriteString("    - " + strconv.Quote(l) + "\n")
		}
		_, werr := cfg.WriteString(b.String())
		cerr := cfg.Close()
		if werr != nil || cerr != nil {
			return nil, fmt.Errorf("actionlint: writing its configuration: %v %v", werr, cerr)
		}
		opts.ConfigFile = cfg.Name()
	}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	}
	l, err := actionlint.NewLinter(io.Discard, opts)
	if err != nil {
		return nil, fmt.Errorf("actionlint: %w", err)
	}
	errs, err := l.Lint(path, src, nil)
	if err != nil {
		return nil, fmt.Errorf("actionlint: %s: %w", path, err)
	}
	out := make([]Finding, 0, len(errs))
	for _, e := range errs {
		out = append(out, Finding{Line: e.Line, Column: e.Column, Kind: e.Kind, Message: e.Message})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		if out[i].Column != out[j].Column {
			return out[i].Column < out[j].Column
		}
		return out[i].Kind < out[j].Kind
	})
	return out, nil
}
