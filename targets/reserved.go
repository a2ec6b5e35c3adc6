package targets

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/model"
)

// Reserved is a family of variable names a platform keeps for itself: the names
// starting with Prefix, or the name Exact. Why says so in the platform's words, for
// the diagnostic.
type Reserved struct {
	Prefix string
	Exact  string
	Why    string
}

// ReservedRule is the rule among rules that reserves the variable name (compared in
// upper case, as every platform's secret stores and Windows compare them), or nil.
func ReservedRule(name string, rules []Reserved) *Reserved {
	up := strings.ToUpper(name)
	for i := range rules {
		r := &rules[i]
		if (r.Exact != "" && up == r.Exact) || (r.Prefix != "" && strings.HasPrefix(up, r.Prefix)) {
			return r
		}
	}
	return nil
}

// ReservedSecrets calls report for each secret of p whose variable name (its name in
// upper case, as every target reads it) one of rules reserves, in spec order.
func ReservedSecrets(p *model.Pipeline, rules []Reserved, report func(s *model.Secret, name string, r *Reserved)) {
	for _, s := range p.Secrets {
		name := EnvName(s.Name)
		if r := ReservedRule(name, rules); r != nil {
			report(s, name, r)
		}
	}
}
