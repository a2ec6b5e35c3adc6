package lint

import (
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/targets"
)

var ruleReferenceInSingleQuotes = &Rule{
	ID:        "reference-in-single-quotes",
	Category:  Correctness,
	Severity:  diag.Warning,
	Summary:   "a reference in a script is inside single quotes, where the shell never expands it",
	Rationale: "pipec hands a reference to a script as an environment variable: ${ci.commit_sha} becomes ${PIPEC_CI_COMMIT_SHA} in the script on every target. Inside single quotes (or a here-document whose delimiter is quoted, <<'EOF') the shell expands nothing, so the command gets that text instead of the value. Code that eval or a shell the script starts (bash -c '...', or bash <<'EOF' reading a here-document) runs is the exception: that shell inherits the variable and expands it (sudo sh -c and docker run ... sh -c do not: sudo resets the environment, a container has its own). A platform's own expressions (GitHub's ${{ github.sha }}) are pasted in before the shell runs, which is why sed 's/X/${{ github.sha }}/' works there and not here. A literal ${ is written $${ in a spec, so a reference is always meant as its value.",
	Fix:       "close the single quotes around the reference: sed -i 's/VERSION/'\"${ci.commit_sha}\"'/' file, or use double quotes; unquote a here-document's delimiter (<<EOF)",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" || at.step == nil {
				return
			}
			if sh := at.step.Shell; sh != nil && sh.Value != "bash" && sh.Value != "sh" {
				return
			}
			for _, u := range shellRefs(t) {
				switch u.how {
				case notExpanded:
					p.Report(u.ref.Range, "%s is inside single quotes in step %q: the script gets the text ${%s}, not its value", u.ref.String(), at.step.Name, targets.RefVar(u.ref))
				case hereText:
					p.Report(u.ref.Range, "%s is in a here-document with a quoted delimiter in step %q: the script gets the text ${%s}, not its value", u.ref.String(), at.step.Name, targets.RefVar(u.ref))
				}
			}
		})
	},
}
