package lint

import (
	"path"
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// releaseCommand is the first command of a stage that publishes what it built ("npm
// publish", "docker push", "gh release create", the uses of a GitHub publishing action),
// when the stage runs for tags only (tagOnly); "" otherwise. Such a stage is a release, a
// deployment to a registry without an environment.
func releaseCommand(p *Pass, s *model.Stage) string {
	if !tagOnly(p.Pipeline, s) {
		return ""
	}
	for _, st := range stageSteps(s) {
		if c := publishes(st.Run.Literal()); c != "" {
			return c
		}
	}
	for _, v := range nativeScripts(p, s) {
		if c := publishes(v.value.Str); c != "" {
			return c
		}
	}
	if steps := nativeKey(p, s, "github", "steps"); steps != nil && steps.Kind == model.KindList {
		for _, st := range steps.List {
			if u := mapKey(st, "uses"); u != nil && u.Kind == model.KindString && publishActions[actionName(u.Str)] {
				return actionName(u.Str)
			}
		}
	}
	return ""
}

// publishActions are GitHub actions that publish a release or a package.
var publishActions = map[string]bool{
	"pypa/gh-action-pypi-publish": true, "softprops/action-gh-release": true,
	"ncipollo/release-action": true, "goreleaser/goreleaser-action": true,
}

// tagOnly reports whether a stage runs for tags only: the pipeline's only trigger is a
// push of tags, or a conjunct of the stage's condition holds only for a tag (ci.tag,
// ci.tag != "", a test of ci.tag against a name, startswith(ci.ref, "refs/tags/..."),
// matches(ci.ref, "refs/tags/...")).
func tagOnly(pl *model.Pipeline, s *model.Stage) bool {
	if t := pl.On; t != nil && t.Push != nil && len(t.Push.Tags) > 0 && len(t.Push.Branches) == 0 &&
		t.PullRequest == nil && len(t.Schedules) == 0 && t.Manual == nil {
		return true
	}
	return tagTest(s.When)
}

// tagTest reports whether a condition holds only for a tag.
func tagTest(e expr.Expr) bool {
	switch n := e.(type) {
	case *expr.Binary:
		switch n.Op {
		case "&&":
			return tagTest(n.X) || tagTest(n.Y)
		case "||":
			return tagTest(n.X) && tagTest(n.Y)
		case "==", "!=":
			x, y := n.X, n.Y
			if _, ok := x.(*expr.StringLit); ok {
				x, y = y, x
			}
			r, ok := x.(*expr.RefExpr)
			lit, ok2 := y.(*expr.StringLit)
			if !ok || !ok2 {
				return false
			}
			switch r.Ref.String() {
			case "ci.tag":
				return (n.Op == "!=") == (lit.Value == "")
			case "ci.ref":
				return n.Op == "==" && strings.HasPrefix(lit.Value, "refs/tags/")
			}
		}
	case *expr.RefExpr:
		return n.Ref.String() == "ci.tag"
	case *expr.Call:
		if len(n.Args) != 2 {
			return false
		}
		r, ok := n.Args[0].(*expr.RefExpr)
		lit, ok2 := n.Args[1].(*expr.StringLit)
		if !ok || !ok2 || strings.HasPrefix(lit.Value, "!") {
			return false
		}
		switch r.Ref.String() {
		case "ci.ref":
			return (n.Func == "startswith" || n.Func == "matches") && strings.HasPrefix(lit.Value, "refs/tags/")
		case "ci.tag":
			// A tag's name starts so; the empty name of a branch's run starts with "".
			return n.Func == "startswith" && lit.Value != "" || n.Func == "matches" && lit.Value != "" && lit.Value != "*"
		}
	}
	return false
}

// publishes is the first command of a script that publishes a package, an image or a
// release ("npm publish"), or "". A command counts where it starts, after any variable
// assignments and sudo; comments do not.
func publishes(script string) string {
	if !containsAny(script, publishWords) {
		return ""
	}
	script = shellComment.ReplaceAllString(continuation.Replace(script), "$1")
	for _, line := range strings.Split(script, "\n") {
		for _, cmd := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(";&|(){}", r) }) {
			words := strings.Fields(cmd)
			for len(words) > 0 && (strings.Contains(words[0], "=") || words[0] == "sudo" || words[0] == "exec" || words[0] == "then" || words[0] == "do" || words[0] == "!") {
				words = words[1:]
			}
			if len(words) == 0 {
				continue
			}
			tool := path.Base(words[0])
			var args []string // the operands, without options
			for _, w := range words[1:] {
				if !strings.HasPrefix(w, "-") {
					args = append(args, w)
				}
			}
			arg := func(i int) string {
				if i < len(args) {
					return args[i]
				}
				return ""
			}
			sub := arg(0)
			switch {
			case (tool == "npm" || tool == "pnpm" || tool == "yarn" || tool == "cargo" || tool == "poetry" || tool == "uv") && sub == "publish",
				tool == "twine" && sub == "upload",
				(tool == "docker" || tool == "podman") && sub == "push",
				tool == "gem" && sub == "push",
				tool == "goreleaser" && (sub == "" || sub == "release"):
				return strings.TrimSpace(tool + " " + sub)
			case tool == "yarn" && sub == "npm" && arg(1) == "publish",
				(tool == "docker" || tool == "podman") && sub == "image" && arg(1) == "push",
				tool == "gh" && sub == "release" && (arg(1) == "create" || arg(1) == "upload"):
				return tool + " " + sub + " " + arg(1)
			}
		}
	}
	return ""
}

// publishWords are words one of which a script that publishes holds.
var publishWords = []string{"publish", "upload", "push", "release"}
