package circleci

import (
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// maxGrid bounds the product a matrix with include entries is spread over; its exclude
// list grows with the product.
const maxGrid = 1024

// grid is a matrix laid out the way CircleCI writes one: a product of parameter lists
// minus the combinations it excludes. CircleCI has no include, so each key an include
// entry adds becomes a parameter of its own ("" in the cells that lack it), a value an
// include adds to an axis joins that axis's list, and every combination of the product
// that is not one of the matrix's cells is excluded.
type grid struct {
	keys   []string
	values [][]string
	cells  []map[string]string
}

func newGrid(mx *model.Matrix) grid {
	var g grid
	index := map[string]int{}
	addValue := func(k int, v string) {
		for _, x := range g.values[k] {
			if x == v {
				return
			}
		}
		g.values[k] = append(g.values[k], v)
	}
	for _, a := range mx.Axes {
		index[a.Name] = len(g.keys)
		g.keys = append(g.keys, a.Name)
		g.values = append(g.values, nil)
		for _, v := range a.Values {
			addValue(index[a.Name], v.Text())
		}
	}
	cells := mx.Cells()
	for _, c := range cells {
		for _, kv := range c {
			if _, ok := index[kv.Key]; !ok {
				index[kv.Key] = len(g.keys)
				g.keys = append(g.keys, kv.Key)
				g.values = append(g.values, nil)
			}
		}
	}
	for _, c := range cells {
		m := map[string]string{}
		for _, k := range g.keys {
			v, _ := c.Get(k)
			m[k] = v
			addValue(index[k], v)
		}
		g.cells = append(g.cells, m)
	}
	return g
}

// size is the number of combinations in the product.
func (g grid) size() int {
	n := 1
	for _, vs := range g.values {
		n *= len(vs)
		if n > maxGrid {
			return n
		}
	}
	return n
}

// excluded lists the product's combinations that are not cells, in product order.
func (g grid) excluded() []map[string]string {
	have := map[string]bool{}
	for _, c := range g.cells {
		have[g.id(c)] = true
	}
	var out []map[string]string
	combos := []map[string]string{{}}
	for i, k := range g.keys {
		var next []map[string]string
		for _, c := range combos {
			for _, v := range g.values[i] {
				n := map[string]string{k: v}
				for x, y := range c {
					n[x] = y
				}
				next = append(next, n)
			}
		}
		combos = next
	}
	for _, c := range combos {
		if !have[g.id(c)] {
			out = append(out, c)
		}
	}
	return out
}

// id is a cell's identity: its values in key order, each length-prefixed.
func (g grid) id(c map[string]string) string {
	var b []byte
	for _, k := range g.keys {
		v := c[k]
		b = append(b, byte(len(v)>>8), byte(len(v)))
		b = append(b, v...)
	}
	return string(b)
}

// entry renders a cell as a map in key order, its values escaped as the matrix's are.
func (g grid) entry(c map[string]string) targets.Map {
	var m targets.Map
	for _, k := range g.keys {
		targets.Set(&m, k, escapeParams(c[k]))
	}
	return m
}
