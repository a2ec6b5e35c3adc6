package expr

import "testing"

func TestFilterDropsRepeatsAndRejects(t *testing.T) {
	notB := func(x Expr) bool { return x.String() != "b.x" }
	all := func(Expr) bool { return true }
	cases := []struct {
		src  string
		keep func(Expr) bool
		want string // "" for nil
	}{
		{`a.x`, all, `a.x`},
		{`a.x`, notB, `a.x`},
		{`b.x`, notB, ``},
		{`a.x && a.x`, all, `a.x`},
		{`a.x && b.x && a.x && c.x`, all, `(a.x && b.x) && c.x`},
		{`b.x && a.x && b.x && a.x`, notB, `a.x`},
		{`a.x && (c.x == "1") && c.x == '1' && b.x`, notB, `a.x && (c.x == "1")`},
		{`a.x && c.x && a.x && c.x && d.x`, all, `(a.x && c.x) && d.x`},
	}
	for _, c := range cases {
		e, ds := ParseExpr(c.src, at)
		if ds.HasErrors() {
			t.Fatalf("%s: %v", c.src, ds[0])
		}
		got := Filter(e, c.keep)
		switch {
		case c.want == "" && got != nil:
			t.Errorf("%s: got %s, want nothing left", c.src, got)
		case c.want != "" && got == nil:
			t.Errorf("%s: got nothing, want %s", c.src, c.want)
		case got != nil && got.String() != c.want:
			t.Errorf("%s: got %s, want %s", c.src, got, c.want)
		}
	}
	if got := Filter(nil, all); got != nil {
		t.Errorf("Filter(nil) = %s, want nil", got)
	}
}
