package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleBotCondition = &Rule{
	ID:        "bot-condition",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a stage that runs for pull requests trusts a bot by ci.actor",
	Rationale: "ci.actor (GitHub's github.actor, GitLab's GITLAB_USER_LOGIN, ...) is whoever caused this run, not who wrote the change: on a pull request it is the last one to push to it, reopen it or ask a bot to act on it. An attacker who gets Dependabot or Renovate to update a branch of their fork (or a pull request they opened) runs the pull request's code with ci.actor the bot's name, so a condition such as ci.actor == \"dependabot[bot]\" that hands a stage secrets, write permissions or an auto-merge hands them to the attacker. The same holds for github.actor and github.triggering_actor in a native \"github\" block's if. " + nativeIfNote,
	Fix:       "do not grant trust by ci.actor: limit the stage to pushes (when = ci.event == \"push\"), or test the pull request's author in a native \"github\" block: if = \"github.event.pull_request.user.login == 'dependabot[bot]'\"",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			pr := stagePR(p, s)
			if e := botTest(s.When, true); e != nil && pr.when {
				p.Report(e.Range(), "stage %q runs for pull requests and trusts ci.actor to be a bot, but ci.actor is whoever caused the run, which a fork's pull request can make the bot", s.Name)
			}
			if v := nativeKey(p, s, "github", "if"); v != nil && v.Kind == model.KindString && pr.github && githubBotTest.MatchString(v.Str) {
				p.Report(v.Range, "stage %q runs for pull requests and its GitHub job trusts the actor to be a bot, but the actor is whoever caused the run, which a fork's pull request can make the bot", s.Name)
			}
		}
	},
}

// githubBotTest finds a GitHub expression that compares the run's actor with a bot's login.
var githubBotTest = lazy(`(?i)github\.(triggering_)?actor\s*==\s*'[^']*\[bot\]'|'[^']*\[bot\]'\s*==\s*github\.(triggering_)?actor\b`)

// botTest finds the first comparison or call of a condition that holds when ci.actor is
// a bot's login (botLogin). positive is false under an odd number of negations,
// where ci.actor != "x[bot]" holds for the bot: a test that excludes a bot grants nothing
// when spoofed, so only a test that lets the bot in is found.
func botTest(e expr.Expr, positive bool) expr.Expr {
	switch n := e.(type) {
	case *expr.Not:
		return botTest(n.X, !positive)
	case *expr.Binary:
		switch n.Op {
		case "&&", "||":
			if x := botTest(n.X, positive); x != nil {
				return x
			}
			return botTest(n.Y, positive)
		case "==", "!=":
			if (n.Op == "==") == positive && actorIsBot(n.X, n.Y) {
				return n
			}
		}
	case *expr.Call:
		// startswith(ci.actor, "dependabot"), matches(ci.actor, "renovate*")
		if positive && len(n.Args) == 2 && actorIsBot(n.Args[0], n.Args[1]) {
			return n
		}
	}
	return nil
}

// actorIsBot reports whether a comparison's sides are ci.actor and a bot's login (or
// its start, for startswith).
func actorIsBot(x, y expr.Expr) bool {
	if _, ok := y.(*expr.RefExpr); ok {
		x, y = y, x
	}
	r, ok := x.(*expr.RefExpr)
	lit, ok2 := y.(*expr.StringLit)
	return ok && ok2 && r.Ref.String() == "ci.actor" && botLogin(lit.Value)
}

// botLogin reports whether a login (or its start) is a bot's: GitHub Apps' logins end in
// [bot], and Dependabot and Renovate act under their own names elsewhere.
func botLogin(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "[bot]") || strings.HasPrefix(s, "dependabot") || strings.HasPrefix(s, "renovate")
}
