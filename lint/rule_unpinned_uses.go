package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleUnpinnedUses = &Rule{
	ID:        "unpinned-uses",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a native block uses a GitHub action or workflow by tag or branch, not by commit",
	Rationale: "It reads the uses of a native \"github\" block: each of its steps' and the job's own (a reusable workflow). A tag or branch (actions/checkout@v4, owner/action@main) is whatever its owner, or whoever takes over the owner's account, points it at next; a moved tag runs new code with the job's token and secrets, as happened to tj-actions/changed-files. Only a full commit SHA names fixed code. Actions in the repository (./) and Docker images by digest are fixed already.",
	Fix:       "pin to the full 40-character commit SHA, with the tag in a comment for people and update tools: uses = \"actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8\" # v5.0.0",
	check: func(p *Pass) {
		for _, s := range p.Pipeline.Stages {
			if v := nativeKey(p, s, "github", "uses"); v != nil {
				reportUnpinnedUses(p, s, v)
			}
			if steps := nativeKey(p, s, "github", "steps"); steps != nil && steps.Kind == model.KindList {
				for _, st := range steps.List {
					if v := mapKey(st, "uses"); v != nil {
						reportUnpinnedUses(p, s, v)
					}
				}
			}
		}
	},
}

func reportUnpinnedUses(p *Pass, s *model.Stage, v *model.Value) {
	if v.Kind == model.KindString && !pinnedUses(v.Str) {
		p.Report(v.Range, "stage %q uses %q, which is not pinned to a commit SHA", s.Name, v.Str)
	}
}

// pinnedUses reports whether a uses value names fixed code: an action in the repository,
// a Docker image by digest, or a ref that is a full commit SHA.
func pinnedUses(uses string) bool {
	if strings.HasPrefix(uses, "./") {
		return true
	}
	if img, ok := strings.CutPrefix(uses, "docker://"); ok {
		_, digest := splitImage(img)
		return digest != ""
	}
	i := strings.LastIndexByte(uses, '@')
	return i >= 0 && fullSHA(uses[i+1:])
}

// fullSHA reports whether ref is a 40-digit hexadecimal commit id (GitHub resolves
// shorter ones, but a short prefix can be made to collide).
func fullSHA(ref string) bool {
	if len(ref) != 40 {
		return false
	}
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
