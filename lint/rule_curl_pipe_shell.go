package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

// pipeToShell matches a download piped straight into an interpreter.
var pipeToShell = lazy(`\b(curl|wget|iwr|Invoke-WebRequest|irm|Invoke-RestMethod)\b[^|\n;&]*\|\s*(sudo\s+(-\S+\s+)*)?(sh|bash|zsh|dash|ksh|python3?|perl|ruby|node|iex|Invoke-Expression|pwsh|powershell)\b`)

var ruleCurlPipeShell = &Rule{
	ID:        "curl-pipe-shell",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a downloaded script runs without verification",
	Rationale: "Piping a download into a shell runs whatever the server (or anyone who can change what it serves) returns at that moment, with the job's secrets and credentials. Nothing records what ran, and a truncated download runs half a script.",
	Fix:       "download to a file, check its checksum or signature (sha256sum -c), then run it; or install a pinned package",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" {
				return
			}
			if pipeToShell.MatchString(t.Literal()) {
				p.Report(at.step.NameRange, "step %q pipes a download into an interpreter", at.step.Name)
			}
		})
	},
}
