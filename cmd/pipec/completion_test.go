package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets/all"
)

// flagWords is every spelling of a command's flags: --name, and -x for a shorthand.
func flagWords(c cliCommand) []string {
	var out []string
	c.flags().VisitAll(func(f *pflag.Flag) {
		out = append(out, "--"+f.Name)
		if f.Shorthand != "" {
			out = append(out, "-"+f.Shorthand)
		}
	})
	sort.Strings(out)
	return out
}

func script(t *testing.T, shell string) string {
	t.Helper()
	r := pipec(t, "completion", shell)
	if r.code != 0 || r.stderr != "" || r.stdout == "" {
		t.Fatalf("pipec completion %s: %v", shell, r)
	}
	return r.stdout
}

// The table the scripts are written from is the commands' own: each command parses the
// flag set the table names (so a flag cannot be added to one and not the other), and
// every flag that takes a value says how its value completes.
func TestCompletionTable(t *testing.T) {
	// The commands below run with each flag and no file: pipec init --force and pipec
	// generate --force write where they run, which must not be the source tree.
	t.Chdir(t.TempDir())
	names := commandNames()
	for _, want := range []string{"generate", "lint", "explain", "schema", "completion", "version", "help"} {
		if !slices.Contains(names, want) {
			t.Errorf("command %s is missing from cliCommands", want)
		}
	}
	for _, c := range cliCommands {
		c.flags().VisitAll(func(f *pflag.Flag) {
			if f.NoOptDefVal != "" {
				return
			}
			if _, _, ok := flagValue(c.name, f.Name); !ok {
				t.Errorf("%s --%s takes a value, but flagValue does not say how it completes", c.name, f.Name)
			}
		})
		// Every flag the table lists is accepted by the command itself.
		for _, w := range flagWords(c) {
			if w == "--help" || w == "-h" || c.name == "help" {
				continue
			}
			args := []string{c.name, w}
			if kind, values, _ := flagValue(c.name, strings.TrimLeft(w, "-")); len(values) > 0 && kind == valueWords {
				args = append(args, values[0])
			}
			if r := pipec(t, args...); strings.Contains(r.stderr, "unknown flag") || strings.Contains(r.stderr, "unknown shorthand") {
				t.Errorf("%q: the table lists a flag the command does not accept: %v", args, r)
			}
		}
	}
}

// sections cuts a script into the parts for each command, by the marker that opens one.
func sections(t *testing.T, text string, open func(cmd string) string, end string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range cliCommands {
		i := strings.Index(text, open(c.name))
		if i < 0 {
			t.Errorf("no section for %s", c.name)
			continue
		}
		rest := text[i+len(open(c.name)):]
		if j := strings.Index(rest, end); j >= 0 {
			rest = rest[:j]
		}
		out[c.name] = rest
	}
	return out
}

var (
	longFlag     = regexp.MustCompile(`(?:^|[^\w-])(--[a-z][a-z-]*)`)
	zshShort     = regexp.MustCompile(`[{(](-[a-zA-Z])[+ ,]`)
	zshDescs     = regexp.MustCompile(`\[(?:\\.|[^\]\\])*\]`)
	fishLong     = regexp.MustCompile(` -l ([a-z][a-z-]*)`)
	fishShort    = regexp.MustCompile(` -s ([a-zA-Z])`)
	fishDescs    = regexp.MustCompile(` -d '(?:[^'\\]|\\.)*'`)
	bashFlagList = regexp.MustCompile(`if \[\[ \$cur == -\* \]\]; then _pipec_words "([^"]*)"`)
)

func uniqueSorted(s []string) []string {
	sort.Strings(s)
	return slices.Compact(s)
}

// Each script mentions, for each command, exactly the flags of its flag set: no flag
// missing, none that does not exist.
func TestCompletionScriptsMatchFlags(t *testing.T) {
	bash := sections(t, script(t, "bash"), func(c string) string { return "\n        " + c + ")\n" }, "\n            ;;\n")
	zsh := sections(t, script(t, "zsh"), func(c string) string { return "\n    (" + c + ")\n" }, "\n      ;;\n")
	fishText := script(t, "fish")
	for _, c := range cliCommands {
		want := flagWords(c)
		var got []string
		if m := bashFlagList.FindStringSubmatch(bash[c.name]); m != nil {
			got = strings.Fields(m[1])
		}
		if got := uniqueSorted(got); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("bash, %s: flags %q, want %q", c.name, got, want)
		}

		body := zshDescs.ReplaceAllString(zsh[c.name], "")
		got = nil
		for _, m := range longFlag.FindAllStringSubmatch(body, -1) {
			got = append(got, strings.TrimRight(m[1], "="))
		}
		for _, m := range zshShort.FindAllStringSubmatch(body, -1) {
			got = append(got, m[1])
		}
		if got := uniqueSorted(got); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("zsh, %s: flags %q, want %q", c.name, got, want)
		}

		got = nil
		for _, line := range strings.Split(fishText, "\n") {
			if !strings.Contains(line, "'__fish_seen_subcommand_from "+c.name+"'") {
				continue
			}
			line = fishDescs.ReplaceAllString(line, "")
			for _, m := range fishLong.FindAllStringSubmatch(line, -1) {
				got = append(got, "--"+m[1])
			}
			for _, m := range fishShort.FindAllStringSubmatch(line, -1) {
				got = append(got, "-"+m[1])
			}
		}
		if got := uniqueSorted(got); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("fish, %s: flags %q, want %q", c.name, got, want)
		}
	}
}

// bashComplete sources the bash script, sets COMP_WORDS and COMP_CWORD as bash does for
// the command line words (the last one being completed) and returns COMPREPLY.
func bashComplete(t *testing.T, bashPath, scriptFile, dir string, words ...string) []string {
	t.Helper()
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = shellQuote(w)
	}
	prog := "source " + shellQuote(scriptFile) + "\n" +
		"COMP_WORDS=(" + strings.Join(quoted, " ") + ")\n" +
		"COMP_CWORD=" + strconv.Itoa(len(words)-1) + "\n" +
		"_pipec\n" +
		`printf '%s\n' "${COMPREPLY[@]}"` + "\n"
	cmd := exec.Command(bashPath, "--norc", "--noprofile", "-c", prog)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) == 1 && got[0] == "" {
		return nil
	}
	return got
}

// The bash script, run for real: bash sources it and calls its completion function on
// command lines, and COMPREPLY holds what a user would be offered.
func TestCompletionBash(t *testing.T) {
	bashPath, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("SKIP: bash is not installed")
	}
	dir := t.TempDir()
	scriptFile := filepath.Join(dir, "pipec.bash")
	if err := os.WriteFile(scriptFile, []byte(script(t, "bash")), 0o644); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	for _, f := range []string{"pipeline.hcl", "ci.cue", "notes.txt", "sub/pipeline.yaml"} {
		writeFile(t, work, f, "")
	}
	cases := []struct {
		words []string
		want  []string
	}{
		{[]string{"pipec", ""}, commandNames()},
		{[]string{"pipec", "li"}, []string{"lint"}},
		{[]string{"pipec", "generate", "--target", ""}, all.Names()},
		{[]string{"pipec", "generate", "-t", "gi"}, []string{"github", "gitlab"}},
		{[]string{"pipec", "generate", "--target", "github,gi"}, []string{"github,github", "github,gitlab"}},
		{[]string{"pipec", "generate", "--target", "=", ""}, all.Names()}, // --target=
		{[]string{"pipec", "generate", "--target", "=", "az"}, []string{"azure"}},
		{[]string{"pipec", "generate", "--color", ""}, colorModes},
		{[]string{"pipec", "generate", "--out", ""}, []string{"sub"}},
		{[]string{"pipec", "generate", "--che"}, []string{"--check"}},
		{[]string{"pipec", "generate", "--ch"}, []string{"--changed", "--check"}},
		{[]string{"pipec", "generate", ""}, []string{"ci.cue", "pipeline.hcl", "sub", "./..."}},
		{[]string{"pipec", "generate", "pipeline.hcl", "s"}, []string{"sub"}},
		{[]string{"pipec", "lint", "--format", ""}, lintFormats},
		{[]string{"pipec", "lint", "--fail-on", "w"}, []string{"warning"}},
		{[]string{"pipec", "lint", "--config", "n"}, []string{"notes.txt"}},
		{[]string{"pipec", "lint", "./"}, []string{"./...", "./ci.cue", "./pipeline.hcl", "./sub"}},
		// graph takes one spec, never a pattern; init takes the project's directory.
		{[]string{"pipec", "graph", ""}, []string{"ci.cue", "pipeline.hcl", "sub"}},
		{[]string{"pipec", "init", ""}, []string{"sub"}},
		{[]string{"pipec", "schema", "--format", ""}, schemaFormats},
		{[]string{"pipec", "schema", ""}, nil},
		{[]string{"pipec", "explain", "curl"}, []string{"curl-pipe-shell"}},
		{[]string{"pipec", "explain", ""}, lint.IDs()},
		{[]string{"pipec", "help", "ge"}, []string{"generate"}},
		{[]string{"pipec", "completion", ""}, shells},
		{[]string{"pipec", "version", "-"}, []string{"--help", "-h"}},
	}
	for _, c := range cases {
		got := bashComplete(t, bashPath, scriptFile, work, c.words...)
		sort.Strings(got)
		want := slices.Clone(c.want)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: COMPREPLY %q, want %q", c.words, got, want)
		}
	}
	// Each command's flags, as completion offers them after "-", are its flag set's.
	for _, c := range cliCommands {
		if c.name == "help" {
			continue
		}
		got := bashComplete(t, bashPath, scriptFile, work, "pipec", c.name, "-")
		sort.Strings(got)
		if want := flagWords(c); !slices.Equal(got, want) {
			t.Errorf("pipec %s -<TAB>: %q, want %q", c.name, got, want)
		}
	}
}

// fish can run its completion for real too (complete -C); zsh's needs a terminal, so it
// is only parsed. Each is skipped, saying so, where the shell is not installed.
func TestCompletionFish(t *testing.T) {
	fish, err := exec.LookPath("fish")
	if err != nil {
		skipUnlessCI(t, "fish is not installed; the fish script is not run")
	}
	dir := t.TempDir()
	scriptFile := filepath.Join(dir, "pipec.fish")
	if err := os.WriteFile(scriptFile, []byte(script(t, "fish")), 0o644); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	for _, f := range []string{"pipeline.hcl", "notes.txt", "sub/pipeline.yaml"} {
		writeFile(t, work, f, "")
	}
	complete := func(line string) []string {
		cmd := exec.Command(fish, "--no-config", "-c", "source "+shellQuote(scriptFile)+"; complete -C "+shellQuote(line))
		cmd.Dir = work
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("fish: %v\n%s", err, out)
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			w, _, _ := strings.Cut(l, "\t")
			if w != "" {
				got = append(got, w)
			}
		}
		sort.Strings(got)
		return got
	}
	cases := []struct {
		line string
		want []string
	}{
		{"pipec gen", []string{"generate"}},
		{"pipec generate --tar", []string{"--target"}},
		{"pipec generate --target ", all.Names()},
		{"pipec lint --format s", []string{"sarif"}},
		{"pipec explain curl", []string{"curl-pipe-shell"}},
		{"pipec completion ", shells},
		{"pipec generate pip", []string{"pipeline.hcl"}},
		{"pipec fmt ./", []string{"./...", "./pipeline.hcl", "./sub/"}},
		{"pipec graph ./", []string{"./pipeline.hcl", "./sub/"}},
		{"pipec init ", []string{"sub/"}},
	}
	for _, c := range cases {
		want := slices.Clone(c.want)
		sort.Strings(want)
		if got := complete(c.line); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", c.line, got, want)
		}
	}
	if got := complete("pipec generate "); !slices.Contains(got, "pipeline.hcl") || !slices.Contains(got, "sub/") || slices.Contains(got, "notes.txt") {
		t.Errorf("spec files: %q, want pipeline.hcl and sub/ but not notes.txt", got)
	}
}

func TestCompletionScriptsParse(t *testing.T) {
	for _, shell := range shells {
		t.Run(shell, func(t *testing.T) {
			path, err := exec.LookPath(shell)
			if err != nil {
				skipUnlessCI(t, shell+" is not installed; its completion script is not parsed")
			}
			f := filepath.Join(t.TempDir(), "pipec."+shell)
			if err := os.WriteFile(f, []byte(script(t, shell)), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(path, "-n", f).CombinedOutput(); err != nil || len(out) > 0 {
				t.Errorf("%s -n: %v\n%s", shell, err, out)
			}
		})
	}
}

func TestCompletionUsage(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "powershell"}, {"completion", "bash", "zsh"}, {"completion", "--shell"}} {
		if r := pipec(t, args...); r.code != exitUsage || r.stdout != "" {
			t.Errorf("%q: want exit 2 and nothing on stdout, got %v", args, r)
		}
	}
	if r := pipec(t, "completion", "--help"); r.code != 0 || !strings.Contains(r.stdout, "source <(pipec completion bash)") {
		t.Errorf("completion --help: %v", r)
	}
}

// The quoting the scripts use gives back the string itself in each shell.
func TestCompletionQuoting(t *testing.T) {
	s := `it's a \ backslash [x]: $HOME`
	for shell, quoted := range map[string]string{"bash": shellQuote(s), "zsh": shellQuote(s), "fish": fishQuote(s)} {
		path, err := exec.LookPath(shell)
		if err != nil {
			t.Logf("SKIP: %s is not installed", shell)
			continue
		}
		out, err := exec.Command(path, "-c", "printf '%s\\n' "+quoted).Output()
		if err != nil || string(out) != s+"\n" {
			t.Errorf("%s: %s gives %q (%v), want %q", shell, quoted, out, err, s)
		}
	}
}

// skipUnlessCI skips a test whose shell is missing, saying so; under CI=true, where
// .ci/run installs bash, zsh and fish, a missing shell fails it instead.
func skipUnlessCI(t *testing.T, why string) {
	t.Helper()
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatal("CI=true but " + why)
	}
	t.Skip("SKIP: " + why)
}
