package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

// productionName matches an environment named for production: prod, production, prd or
// live as a word of the name (production-eu, eu-west-prod), numbered or not (prod2,
// prd01), unless a word before it says otherwise (pre-prod, non-production).
var productionName = nameWithWord(lazy(`(?i)^(prod|production|prd|live)[0-9]*$`), lazy(`(?i)^(pre|non|not)$`))

// wordMatcher matches a name one of whose words (split at -, _ and .) matches word, unless
// the word before that one matches not.
type wordMatcher struct{ word, not *lazyRegexp }

func nameWithWord(word, not *lazyRegexp) wordMatcher { return wordMatcher{word, not} }

// MatchString reports whether name matches.
func (m wordMatcher) MatchString(name string) bool {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	for i, w := range words {
		if m.word.MatchString(w) && (i == 0 || !m.not.MatchString(words[i-1])) {
			return true
		}
	}
	return false
}

var ruleProductionWithoutApproval = &Rule{
	ID:        "production-without-approval",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a production environment deploys without approval",
	Rationale: "Every merge to the deploy branch goes to production with nobody looking. An approval gate is where each platform lets a person (and, on GitHub and Azure, the environment's protection rules) stop a bad release. An environment looks like production when a word of its name (split at -, _ and .) is prod, production, prd or live, numbered or not (prod2, prd01), and the word before it is not pre, non or not (pre-prod).",
	Fix:       "set approval = true on the environment, and configure who approves in the platform's environment settings",
	check: func(p *Pass) {
		for _, e := range p.Pipeline.Environments {
			if !productionName.MatchString(e.Name) || e.NeedsApproval() || !used(p, e.Name) {
				continue
			}
			if s := canaryApproval(p, e.Name); s != nil {
				// The canary's approval comes before each increase, not before the first
				// share of traffic moves.
				p.Report(e.NameRange, "environment %q looks like production and has no approval: stage %q's canary asks only before it increases traffic, so its first increment deploys unapproved", e.Name, s.Name)
				continue
			}
			p.Report(e.NameRange, "environment %q looks like production and has no approval", e.Name)
		}
	},
}

// used reports whether a stage deploys to the environment.
func used(p *Pass, env string) bool {
	for _, s := range p.Pipeline.Stages {
		if s.Environment != nil && s.Environment.Value == env {
			return true
		}
	}
	return false
}

// canaryApproval finds a stage that deploys to the environment with a canary that asks
// for approval.
func canaryApproval(p *Pass, env string) *model.Stage {
	for _, s := range p.Pipeline.Stages {
		if s.Environment != nil && s.Environment.Value == env && s.Strategy != nil && s.Strategy.Approval != nil && s.Strategy.Approval.Value {
			return s
		}
	}
	return nil
}
