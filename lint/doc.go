// Package lint owns pipec's lint rules, which look at the model and the plan for mistakes
// that compile but hurt (a deploy without approval, a secret reaching a fork's pull
// request, ...), and runs actionlint in-process on the GitHub Actions output so a
// generated workflow is checked the way users check hand-written ones.
//
// Each rule is one rule_<id>.go, listed in All (all.go); docs/rules.md and `pipec
// explain` are written from them (docs.go). Run applies every rule to a plan and the
// targets' outputs; the actionlint rule, most of a run's work, runs on its own goroutine
// beside the others.
package lint
