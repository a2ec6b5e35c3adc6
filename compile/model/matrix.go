package model

// Cell is one job of a matrix: axis and include values in a stable order (the axes in
// source order, then keys an include entry added).
type Cell []CellValue

// CellValue is one key of a matrix cell.
type CellValue struct {
	Key, Value string
	// Axis is false for a value an include entry added beyond the axes.
	Axis bool
}

// Get returns the cell's value for key.
func (c Cell) Get(key string) (string, bool) {
	for _, kv := range c {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return "", false
}

// Cells lists a matrix's jobs as GitHub Actions defines them, so every target runs the
// same set: the product of the axes, minus every cell an exclude entry matches, then each
// include entry merged into every cell whose axis values it agrees with (it may replace
// values earlier includes added, never axis values), or, agreeing with none, added as a
// cell of its own.
func (m *Matrix) Cells() []Cell {
	cells := []Cell{{}}
	for _, a := range m.Axes {
		var next []Cell
		for _, c := range cells {
			for _, v := range a.Values {
				next = append(next, append(append(Cell{}, c...), CellValue{a.Name, v.Text(), true}))
			}
		}
		cells = next
	}
	var kept []Cell
	for _, c := range cells {
		if !m.excluded(c) {
			kept = append(kept, c)
		}
	}
	base := len(kept)
	for _, inc := range m.Include {
		matched := false
		for i := 0; i < base; i++ {
			if !agrees(kept[i], inc) {
				continue
			}
			matched = true
			for _, ent := range inc.Values {
				kept[i] = kept[i].with(ent.Key, ent.Value.Text())
			}
		}
		if !matched {
			var c Cell
			for _, ent := range inc.Values {
				c = append(c, CellValue{Key: ent.Key, Value: ent.Value.Text()})
			}
			kept = append(kept, c)
		}
	}
	return kept
}

// Excluded reports whether an exclude entry removes the cell.
func (m *Matrix) excluded(c Cell) bool {
	for _, ex := range m.Exclude {
		all := true
		for _, ent := range ex.Values {
			if v, _ := c.Get(ent.Key); v != ent.Value.Text() {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// agrees reports whether an include entry can merge into c: it names no axis value that
// differs from c's.
func agrees(c Cell, inc *MatrixCell) bool {
	for _, ent := range inc.Values {
		for _, kv := range c {
			if kv.Key == ent.Key && kv.Axis && kv.Value != ent.Value.Text() {
				return false
			}
		}
	}
	return true
}

// with sets key to value (replacing an added value) and returns the cell.
func (c Cell) with(key, value string) Cell {
	for i, kv := range c {
		if kv.Key == key {
			if !kv.Axis {
				c[i].Value = value
			}
			return c
		}
	}
	return append(c, CellValue{Key: key, Value: value})
}
