// Package lint owns pipec's lint rules, which look at the model and the plan for mistakes
// that compile but hurt (a deploy without approval, a secret reaching a fork's pull
// request, ...), and runs actionlint in-process on the GitHub Actions output so a
// generated workflow is checked the way users check hand-written ones.
//
// Rules arrive later, one rule_<id>.go per rule and an explicit All slice. Today the
// package holds Actionlint.
package lint
