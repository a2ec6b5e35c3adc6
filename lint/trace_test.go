package lint

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// mayTrace must never turn away a script that xtrace matches, and must turn away the
// scripts that mention no flag ending in x, or it saves nothing.
func TestMayTrace(t *testing.T) {
	scripts := []string{"set -x", "set -ex", "set -euxo pipefail", "set +x", "set -o xtrace",
		"set +o xtrace", "bash -x run.sh", "sh -ex s", "(set -x; make)", "a;set\t-x", "set\n-x",
		"make test", "docker push $REGISTRY/shop:$TAG", "helm upgrade --set image.tag=1", "./check.sh --max 1",
		"tar -xzf a.tgz", "pytest --cov-report=xml", "export X=1", "echo -n x", "set -- x"}
	pieces := strings.Split("set|sh|bash|ba| |\t|\n|\r|\f|-|+|--|x|o|xtrace|e|u|y|z|a|;|&|(|{|||echo|X|=|1|.", "|")
	r := rand.New(rand.NewPCG(21, 22))
	pick := func(from []string) string { return from[r.IntN(len(from))] }
	for i := range 300000 {
		var b strings.Builder
		if i%2 == 0 {
			// A command that may trace: [boundary] set|sh|bash white space flag letters.
			b.WriteString(pick([]string{"", " ", "a;", "(", "{", "|", "x", "-"}))
			b.WriteString(pick([]string{"set", "sh", "bash", "ba", "se"}))
			b.WriteString(pick([]string{" ", "\t", "\n", "  ", "", "\v"}))
			b.WriteString(pick([]string{"-", "+", "--", "-o ", "+o ", "-o", ""}))
			for range r.IntN(4) {
				b.WriteString(pick([]string{"e", "u", "x", "y", "o", "X", "-"}))
			}
		}
		for range r.IntN(6) {
			b.WriteString(pick(pieces))
		}
		scripts = append(scripts, b.String())
	}
	matched, skipped := 0, 0
	for _, s := range scripts {
		if xtrace.MatchString(s) {
			matched++
			if !mayTrace(s) {
				t.Errorf("%q: xtrace matches it, mayTrace turns it away", s)
			}
		} else if !mayTrace(s) {
			skipped++
		}
	}
	if matched < 1000 || skipped < len(scripts)/4 {
		t.Errorf("of %d scripts xtrace matched %d and mayTrace turned away %d: the test no longer covers it", len(scripts), matched, skipped)
	}
	for _, s := range []string{"make test", "docker push $REGISTRY/shop:$TAG", "helm upgrade --set image.tag=1",
		"./check.sh --max 1", "pytest --cov-report=xml", "kubectl rollout undo deployment/shop"} {
		if mayTrace(s) {
			t.Errorf("%q: mayTrace lets it through to the expression", s)
		}
	}
}
