package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// unsecureCommands is the variable that turns GitHub's deprecated set-env and add-path
// workflow commands back on.
const unsecureCommands = "ACTIONS_ALLOW_UNSECURE_COMMANDS"

var ruleInsecureCommands = &Rule{
	ID:        "insecure-commands",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "an environment variable turns GitHub's set-env and add-path commands back on",
	Rationale: "GitHub turned off the ::set-env:: and ::add-path:: workflow commands because any text a step prints can hold them: a branch name, a pull request's title, a test's output or a dependency's log line that prints ::set-env name=BASH_ENV::... or ::add-path::./bin runs code of the attacker's choosing in every later step of the job, with its secrets. ACTIONS_ALLOW_UNSECURE_COMMANDS in the env of the pipeline, a stage, a step or a native \"github\" block (the job's env or a step's) turns them back on for every step that sees it, and so does a script that writes it to GitHub's env file (echo \"ACTIONS_ALLOW_UNSECURE_COMMANDS=true\" >> \"$GITHUB_ENV\", or through a variable holding the file's name, tee -a, printf, a here-document or a group redirected there), for the job's later steps. Only the value false (or 0, or nothing) leaves them off.",
	Fix:       "remove ACTIONS_ALLOW_UNSECURE_COMMANDS and write to the files GitHub provides instead: echo \"NAME=value\" >> \"$GITHUB_ENV\", echo \"$DIR\" >> \"$GITHUB_PATH\"",
	check: func(p *Pass) {
		if !slices.Contains(p.Targets, "github") {
			return
		}
		report := func(at diag.Range, where string) {
			p.Report(at, "%s sets %s, which lets any line a step prints set variables and PATH for the steps after it", where, unsecureCommands)
		}
		for _, v := range p.Pipeline.Env {
			if v.Name == unsecureCommands && enablesCommands(v.Value) {
				report(v.NameRange, "the pipeline's env")
			}
		}
		for _, s := range p.Pipeline.Stages {
			checkStageUnsecure(p, s, report)
		}
		// A script that writes the variable to $GITHUB_ENV turns the commands on for
		// the job's later steps.
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what == "run" && at.step != nil && writesUnsecure(t.Literal()) {
				p.Report(at.step.NameRange, "step %q writes %s to $GITHUB_ENV, which lets any line a later step prints set variables and PATH for the steps after it", at.step.Name, unsecureCommands)
			}
		})
		for _, s := range p.Pipeline.Stages {
			for _, v := range nativeScripts(p, s) {
				if v.target == "github" && writesUnsecure(v.value.Str) {
					p.Report(v.value.Range, "stage %q's native \"github\" block writes %s to $GITHUB_ENV, which lets any line a later step prints set variables and PATH for the steps after it", s.Name, unsecureCommands)
				}
			}
		}
	},
}

// writesUnsecure reports whether a script writes the variable, with a value that turns the
// commands on, to GitHub's env file: on a line whose output goes there (fileLines: echo
// "NAME=true" >> "$GITHUB_ENV", through a variable holding the file's name, tee -a, a
// here-document's or a group's lines), as NAME=value or as printf's arguments (printf
// '%s=%s\n' NAME true). Comments do not count.
func writesUnsecure(script string) bool {
	if !strings.Contains(script, unsecureCommands) {
		return false
	}
	for _, line := range fileLines(script, "GITHUB_ENV") {
		for rest := line; ; {
			i := strings.Index(rest, unsecureCommands)
			if i < 0 {
				break
			}
			rest = rest[i+len(unsecureCommands):]
			var value string
			switch {
			case strings.HasPrefix(rest, "="):
				value = rest[1:]
			case strings.Contains(line, "printf"):
				// printf's format joins the name and the next argument.
				value = strings.TrimLeft(rest, " \t\"'")
			default:
				continue
			}
			if j := strings.IndexAny(value, " \t\r\"'`;|&>)"); j >= 0 {
				value = value[:j]
			}
			if !offText(value) {
				return true
			}
		}
	}
	return false
}

// checkStageUnsecure reports the stage's, its steps' and its native block's variables that
// turn the commands on.
func checkStageUnsecure(p *Pass, s *model.Stage, report func(diag.Range, string)) {
	for _, v := range s.Env {
		if v.Name == unsecureCommands && enablesCommands(v.Value) {
			report(v.NameRange, "stage \""+s.Name+"\"'s env")
		}
	}
	for _, st := range stageSteps(s) {
		for _, v := range st.Env {
			if v.Name == unsecureCommands && enablesCommands(v.Value) {
				report(v.NameRange, "step \""+st.Name+"\"'s env")
			}
		}
	}
	where := "the native \"github\" block of stage \"" + s.Name + "\""
	if e := nativeUnsecure(nativeKey(p, s, "github", "env")); e != nil {
		report(e.KeyRange, where)
	}
	if steps := nativeKey(p, s, "github", "steps"); steps != nil && steps.Kind == model.KindList {
		for _, st := range steps.List {
			if e := nativeUnsecure(mapKey(st, "env")); e != nil {
				report(e.KeyRange, where)
			}
		}
	}
}

// nativeUnsecure is the entry of a native env mapping that turns the commands on, or nil.
func nativeUnsecure(env *model.Value) *model.Entry {
	if env == nil || env.Kind != model.KindMap {
		return nil
	}
	for _, e := range env.Map {
		if e.Key == unsecureCommands && e.Value != nil && e.Value.Kind != model.KindMap && e.Value.Kind != model.KindList && !offText(e.Value.Text()) {
			return e
		}
	}
	return nil
}

// enablesCommands reports whether a variable's value may turn the commands on: any value
// but a literal false, 0 or nothing (a reference may be true in some run).
func enablesCommands(t expr.Template) bool {
	return !t.IsLiteral() || !offText(t.Literal())
}

// offText reports whether the runner reads a value as off.
func offText(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "0":
		return true
	}
	return false
}
