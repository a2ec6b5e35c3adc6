// Package udiff writes line-based unified diffs in the format of GNU `diff -u`, so that
// `pipec generate --check` can show how a generated file on disk differs from what pipec
// would write, and the output can be read by people and applied by patch or git apply.
//
// The differences are found with Myers' O(ND) algorithm in its linear-space form (the
// middle snake, as GNU diff does), so a large file that was replaced wholesale costs
// memory in proportion to its size, not to the square of the edit distance.
package udiff

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// DefaultContext is the number of unchanged lines around each change, as diff -u shows.
const DefaultContext = 3

// ANSI colours for a terminal, the ones git diff uses: file headers bold, hunk headers
// cyan, removed lines red, added lines green.
const (
	colorHeader = "\x1b[1m"
	colorHunk   = "\x1b[36m"
	colorDel    = "\x1b[31m"
	colorIns    = "\x1b[32m"
	colorReset  = "\x1b[0m"
)

// Options change how a diff is written.
type Options struct {
	// Context is the number of unchanged lines shown around each change; 0 means
	// DefaultContext (a diff without context cannot be applied safely).
	Context int
	// Color wraps the headers and changed lines in ANSI colour codes.
	Color bool
}

// Unified returns the unified diff that turns a into b, with headers `--- aName` and
// `+++ bName`, or nil when a and b are equal.
func Unified(aName, bName string, a, b []byte, opts Options) []byte {
	var buf bytes.Buffer
	Write(&buf, aName, bName, a, b, opts)
	if buf.Len() == 0 {
		return nil
	}
	return buf.Bytes()
}

// Write writes the unified diff that turns a into b to w; nothing when they are equal.
func Write(w io.Writer, aName, bName string, a, b []byte, opts Options) error {
	if bytes.Equal(a, b) {
		return nil
	}
	ctx := opts.Context
	if ctx <= 0 {
		ctx = DefaultContext
	}
	al, bl := splitLines(a), splitLines(b)
	ops := script(al, bl)
	// Buffered: the commands pass os.Stdout, where each line would be a system call.
	bw := bufio.NewWriterSize(w, 64<<10)
	p := printer{w: bw, color: opts.Color}
	p.line(colorHeader, "--- "+aName+"\n")
	p.line(colorHeader, "+++ "+bName+"\n")
	for _, h := range hunks(ops, ctx) {
		p.hunk(h, al, bl)
	}
	if err := bw.Flush(); p.err == nil {
		p.err = err
	}
	return p.err
}

// splitLines cuts data after each newline; the last line lacks one when data does not
// end in a newline. Lines keep their newline, so "x" at the end of a file differs from
// "x\n", as it does for diff.
func splitLines(data []byte) [][]byte {
	var lines [][]byte
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			lines = append(lines, data)
			break
		}
		lines = append(lines, data[:i+1])
		data = data[i+1:]
	}
	return lines
}

// kind is what an edit does with a line.
type kind byte

const (
	equal  kind = ' '
	delete kind = '-'
	insert kind = '+'
)

// op is one line of the edit script: a line of a (equal, delete) and of b (equal,
// insert), as indexes.
type op struct {
	kind kind
	a, b int
}

// script is the edit script from a to b: within each change the deleted lines come
// before the inserted ones, as diff prints them.
func script(a, b [][]byte) []op {
	// Lines are compared as numbers: equal lines get the same id, so the inner loop
	// compares ints instead of byte slices.
	ids := map[string]int{}
	id := func(lines [][]byte) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			n, ok := ids[string(l)]
			if !ok {
				n = len(ids)
				ids[string(l)] = n
			}
			out[i] = n
		}
		return out
	}
	ai, bi := id(a), id(b)
	// A line with no equal in the other file is deleted or inserted by every script, so
	// only the others go through the search (GNU diff discards them too). This makes a
	// file that was rewritten wholesale cheap, where the search alone is quadratic.
	inA, inB := make([]bool, len(ids)), make([]bool, len(ids))
	for _, x := range ai {
		inA[x] = true
	}
	for _, x := range bi {
		inB[x] = true
	}
	keptA, keptB := kept(ai, inB), kept(bi, inA)
	d := differ{a: pick(ai, keptA), b: pick(bi, keptB)}
	d.deleted, d.inserted = make([]bool, len(keptA)), make([]bool, len(keptB))
	d.compare(0, len(keptA), 0, len(keptB))

	// One false sentinel on each side, as shiftBoundaries reads one line past each end.
	del, ins := make([]bool, len(a)+2), make([]bool, len(b)+2)
	for i := range a {
		del[i+1] = true
	}
	for k, i := range keptA {
		del[i+1] = d.deleted[k]
	}
	for j := range b {
		ins[j+1] = true
	}
	for k, j := range keptB {
		ins[j+1] = d.inserted[k]
	}
	shiftBoundaries(del, ins, ai, len(a))
	shiftBoundaries(ins, del, bi, len(b))
	deleted, inserted := del[1:len(a)+1], ins[1:len(b)+1]

	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && deleted[i]:
			ops = append(ops, op{delete, i, j})
			i++
		case j < len(b) && inserted[j]:
			ops = append(ops, op{insert, i, j})
			j++
		default:
			ops = append(ops, op{equal, i, j})
			i++
			j++
		}
	}
	return ops
}

// kept lists the indexes of the lines whose id is in other.
func kept(ids []int, other []bool) []int {
	var out []int
	for i, x := range ids {
		if other[x] {
			out = append(out, i)
		}
	}
	return out
}

// pick returns ids[i] for each i of idx.
func pick(ids, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = ids[i]
	}
	return out
}

// differ marks the lines of a that are deleted and the lines of b that are inserted on
// a shortest edit script.
type differ struct {
	a, b              []int
	deleted, inserted []bool
	vf, vb            []int // furthest reaching paths, forward and backward (reused)
}

// compare marks the edits between a[alo:ahi] and b[blo:bhi].
func (d *differ) compare(alo, ahi, blo, bhi int) {
	for alo < ahi && blo < bhi && d.a[alo] == d.b[blo] {
		alo, blo = alo+1, blo+1
	}
	for alo < ahi && blo < bhi && d.a[ahi-1] == d.b[bhi-1] {
		ahi, bhi = ahi-1, bhi-1
	}
	switch {
	case alo == ahi:
		for j := blo; j < bhi; j++ {
			d.inserted[j] = true
		}
		return
	case blo == bhi:
		for i := alo; i < ahi; i++ {
			d.deleted[i] = true
		}
		return
	}
	// Both ranges are non-empty and differ at both ends, so the edit distance is at
	// least 2 and each half below is strictly smaller: the recursion ends.
	x, y, u, v := d.middleSnake(alo, ahi, blo, bhi)
	d.compare(alo, x, blo, y)
	d.compare(u, ahi, v, bhi)
}

// middleSnake finds the middle snake of an optimal path from (alo,blo) to (ahi,bhi):
// the run of equal lines from (x,y) to (u,v) that the forward and backward searches meet
// on (Myers 1986, section 4b).
func (d *differ) middleSnake(alo, ahi, blo, bhi int) (x, y, u, v int) {
	n, m := ahi-alo, bhi-blo
	delta := n - m
	odd := delta&1 != 0
	maxD := (n + m + 1) / 2
	off := maxD + 1
	size := 2*maxD + 3
	if cap(d.vf) < size {
		d.vf, d.vb = make([]int, size), make([]int, size)
	}
	vf, vb := d.vf[:size], d.vb[:size]
	vf[off+1], vb[off+1] = 0, 0
	a, b := d.a, d.b
	for dd := 0; dd <= maxD; dd++ {
		// Forward: vf[k] is the furthest x (from alo) on diagonal k = x - y.
		for k := -dd; k <= dd; k += 2 {
			var px int
			if k == -dd || (k != dd && vf[off+k-1] < vf[off+k+1]) {
				px = vf[off+k+1]
			} else {
				px = vf[off+k-1] + 1
			}
			py := px - k
			sx, sy := px, py
			for px < n && py < m && a[alo+px] == b[blo+py] {
				px, py = px+1, py+1
			}
			vf[off+k] = px
			if kb := delta - k; odd && kb >= -(dd-1) && kb <= dd-1 && px+vb[off+kb] >= n {
				return alo + sx, blo + sy, alo + px, blo + py
			}
		}
		// Backward: vb[k] is the furthest x counted back from ahi on diagonal k of the
		// reversed ranges; diagonal k there is diagonal delta - k forward.
		for k := -dd; k <= dd; k += 2 {
			var px int
			if k == -dd || (k != dd && vb[off+k-1] < vb[off+k+1]) {
				px = vb[off+k+1]
			} else {
				px = vb[off+k-1] + 1
			}
			py := px - k
			sx, sy := px, py
			for px < n && py < m && a[ahi-1-px] == b[bhi-1-py] {
				px, py = px+1, py+1
			}
			vb[off+k] = px
			if kf := delta - k; !odd && kf >= -dd && kf <= dd && px+vf[off+kf] >= n {
				return ahi - px, bhi - py, ahi - sx, bhi - sy
			}
		}
	}
	// The searches always meet by maxD: not reaching here is a bug.
	panic(fmt.Sprintf("udiff: no middle snake for %d and %d lines", n, m))
}

// shiftBoundaries slides each run of changed lines of one file over equal lines, as GNU
// diff does (analyze.c, shift_boundaries), so that among equally short scripts the one
// diff prints is chosen: runs are merged where they can be, moved as far down as they
// go, and then back up to line up with a change in the other file. changed and
// otherChanged have a false sentinel at index 0 and after the last line; ids are the
// file's n line ids.
func shiftBoundaries(changed, otherChanged []bool, ids []int, n int) {
	// Indexes below are GNU's: 0-based lines, stored at index+1.
	ch := func(i int) *bool { return &changed[i+1] }
	oc := func(j int) bool { return otherChanged[j+1] }
	i, j := 0, 0
	for {
		for i < n && !*ch(i) {
			for oc(j) {
				j++
			}
			j++
			i++
		}
		if i == n {
			return
		}
		start := i
		for i++; *ch(i); i++ {
		}
		for oc(j) {
			j++
		}
		var corresponding int
		for {
			runlength := i - start
			// Move the run back while the line before it equals its last line; this
			// merges it with an earlier run.
			for start > 0 && ids[start-1] == ids[i-1] {
				start--
				*ch(start) = true
				i--
				*ch(i) = false
				for start > 0 && *ch(start - 1) {
					start--
				}
				for j--; oc(j); j-- {
				}
			}
			// The end of the run, where it last lined up with a change in the other
			// file; n when it never did.
			corresponding = n
			if oc(j - 1) {
				corresponding = i
			}
			// Move it forward while its first line equals the line after it.
			for i != n && ids[start] == ids[i] {
				*ch(start) = false
				start++
				*ch(i) = true
				i++
				for *ch(i) {
					i++
				}
				for j++; oc(j); j++ {
					corresponding = i
				}
			}
			if runlength == i-start {
				break
			}
		}
		// Move the run back to line up with a change in the other file, if it can.
		for corresponding < i {
			start--
			*ch(start) = true
			i--
			*ch(i) = false
			for j--; oc(j); j-- {
			}
		}
	}
}

// hunk is a run of the edit script: its changes and the unchanged lines around them.
type hunk struct{ ops []op }

// hunks groups the edit script into hunks with ctx unchanged lines around each change.
// Changes separated by at most 2*ctx unchanged lines share a hunk, as in diff -u, so no
// line is shown twice.
func hunks(ops []op, ctx int) []hunk {
	var out []hunk
	n := len(ops)
	i := 0
	for {
		for i < n && ops[i].kind == equal {
			i++
		}
		if i == n {
			return out
		}
		start := max(i-ctx, 0)
		end := i // just after the last change of this hunk, once the loop is done
		for {
			for end < n && ops[end].kind != equal {
				end++
			}
			next := end
			for next < n && ops[next].kind == equal {
				next++
			}
			if next == n || next-end > 2*ctx {
				break
			}
			end = next
		}
		stop := min(end+ctx, n)
		out = append(out, hunk{ops[start:stop]})
		i = stop
	}
}

type printer struct {
	w     io.Writer
	color bool
	err   error
}

func (p *printer) write(b []byte) {
	if p.err == nil {
		_, p.err = p.w.Write(b)
	}
}

// line writes s, in colour c when colours are on.
func (p *printer) line(c, s string) {
	if p.color {
		// The reset goes before the newline so the colour never bleeds into the next line.
		body, nl := s, ""
		if len(s) > 0 && s[len(s)-1] == '\n' {
			body, nl = s[:len(s)-1], "\n"
		}
		p.write([]byte(c + body + colorReset + nl))
		return
	}
	p.write([]byte(s))
}

func (p *printer) hunk(h hunk, a, b [][]byte) {
	first := h.ops[0]
	var na, nb int
	for _, o := range h.ops {
		if o.kind != insert {
			na++
		}
		if o.kind != delete {
			nb++
		}
	}
	p.line(colorHunk, fmt.Sprintf("@@ -%s +%s @@\n", rangeOf(first.a, na), rangeOf(first.b, nb)))
	for _, o := range h.ops {
		var text []byte
		c := ""
		switch o.kind {
		case equal:
			text = a[o.a]
		case delete:
			text, c = a[o.a], colorDel
		case insert:
			text, c = b[o.b], colorIns
		}
		s := string(o.kind) + string(text)
		missingNewline := len(text) == 0 || text[len(text)-1] != '\n'
		if missingNewline {
			s += "\n"
		}
		if c != "" {
			p.line(c, s)
		} else {
			p.write([]byte(s))
		}
		if missingNewline {
			p.write([]byte("\\ No newline at end of file\n"))
		}
	}
}

// rangeOf writes a hunk's range as diff -u does: "start,count" with a 1-based start, the
// count left out when it is 1, and for an empty range the line before it.
func rangeOf(start0, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start0)
	case 1:
		return fmt.Sprintf("%d", start0+1)
	}
	return fmt.Sprintf("%d,%d", start0+1, count)
}
