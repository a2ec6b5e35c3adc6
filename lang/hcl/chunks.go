package hcl

import (
	"bytes"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/internal/par"
)

// A large spec is one block (the pipeline) holding thousands of stages, and hclsyntax
// reads it on one core at about 3 MB/s: at 10,000 stages, most of a second before
// anything else can start. Its items are independent, so parse splits the block's body
// at line breaks between items into chunks, parses the chunks on every core, each at
// its own place in the file (hclsyntax takes a start position, so every range in them
// is the file's), and puts their items into the block, which it reads from the file
// without them. Only a clean result is used: on any diagnostic, a panic, or an attribute
// set in two chunks, the file is parsed whole, so what a user sees of a mistake is what
// hclsyntax says of the whole file. TestChunkedParse and FuzzParse hold the chunked
// result to the whole one.

// chunking says which files are parsed in chunks, and how large: Parse uses
// defaultChunking; the tests split every file at every item.
type chunking struct {
	from int // files of at least this many bytes
	size int // chunks of about this many bytes
}

// Below 256 KiB (about 750 stages) a file parses whole in under a tenth of a second, and
// the specs people write take the path hclsyntax is made for. Chunks are small because
// hclsyntax lexes a chunk into a slice of 96-byte tokens that it grows by doubling: a
// third of what a 10,000-stage run allocates. Smaller chunks make smaller slices, which
// the collector recycles for the next chunks instead of the process faulting in fresh
// memory. At 10,000 stages 16 KiB took 0.89 to 0.97 times the time of 64 KiB in four
// comparisons, and 32, 8 or 4 KiB no less.
var defaultChunking = chunking{from: 256 << 10, size: 16 << 10}

// parse parses d.src into its root body, in chunks when it is large enough.
func (d *decoder) parse() (*hclsyntax.Body, hclv2.Diagnostics) {
	if c := d.chunking; c.size > 0 && len(d.src) >= c.from {
		if body := parseChunks(d.src, d.filename, d.bodies, c.size); body != nil {
			return body, nil
		}
	}
	file, diags := hclsyntax.ParseConfig(d.src, d.filename, hclv2.InitialPos)
	body, _ := file.Body.(*hclsyntax.Body)
	return body, diags
}

// parseChunks parses src with the largest of its top-level bodies in chunks (bodies are
// the line breaks quickScan found in each). It returns nil when that does not give a
// clean tree, and parse then parses the file whole.
func parseChunks(src []byte, filename string, bodies [][]int, chunkSize int) *hclsyntax.Body {
	span := func(b []int) int {
		if len(b) < 2 {
			return 0
		}
		return b[len(b)-1] - b[0]
	}
	var breaks []int
	for _, b := range bodies {
		if span(b) > span(breaks) {
			breaks = b
		}
	}
	if len(breaks) < 2 {
		return nil
	}
	// The region from the first break to the last holds the body's items, whole lines;
	// the skeleton is the file without it, and gives the block itself with its ranges.
	// (Blanked instead of cut, the region still cost the lexer a sixth of the parse.)
	first, last := breaks[0], breaks[len(breaks)-1]
	skeleton := append(src[:first:first], src[last:]...)
	type job struct {
		src   []byte
		start hclv2.Pos
		body  *hclsyntax.Body
		ok    bool
	}
	jobs := []*job{{src: skeleton, start: hclv2.InitialPos}}
	firstLine := 1 + bytes.Count(src[:first], []byte("\n"))
	line, at := firstLine, first
	for i := 1; i < len(breaks); i++ {
		if end := breaks[i]; end-at >= chunkSize || i == len(breaks)-1 {
			jobs = append(jobs, &job{src: src[at:end], start: hclv2.Pos{Line: line, Column: 1, Byte: at}})
			line += bytes.Count(src[at:end], []byte("\n"))
			at = end
		}
	}
	par.Do(len(jobs), 0, func(i int) {
		j := jobs[i]
		defer func() { _ = recover() }() // parse then parses whole, and reports it
		file, diags := hclsyntax.ParseConfig(j.src, filename, j.start)
		j.body, _ = file.Body.(*hclsyntax.Body)
		j.ok = len(diags) == 0 && j.body != nil
	})
	for _, j := range jobs {
		if !j.ok {
			return nil
		}
	}
	// The region must have been a block's body, now empty: not an object's braces, and
	// nothing of the body outside the region. What follows the region in the skeleton
	// is the block's closing brace, and there may be nothing else after it: its ranges
	// are the few that move back to where the brace is in the file.
	root := jobs[0].body
	var block *hclsyntax.Block
	for _, b := range root.Blocks {
		if r := b.Body.SrcRange; r.Start.Byte < first && r.End.Byte > first {
			block = b
		} else if b.TypeRange.Start.Byte >= first {
			return nil
		}
	}
	for _, a := range root.Attributes {
		if a.SrcRange.Start.Byte >= first {
			return nil
		}
	}
	if block == nil || len(block.Body.Attributes) > 0 || len(block.Body.Blocks) > 0 {
		return nil
	}
	lines := line - firstLine // the region's line breaks, counted chunk by chunk above
	for _, r := range []*hclv2.Range{&block.CloseBraceRange, &block.Body.SrcRange, &block.Body.EndRange, &root.SrcRange, &root.EndRange} {
		for _, p := range []*hclv2.Pos{&r.Start, &r.End} {
			if p.Byte >= first {
				p.Byte += last - first
				p.Line += lines
			}
		}
	}
	body := block.Body
	if body.Attributes == nil {
		body.Attributes = hclsyntax.Attributes{}
	}
	for _, j := range jobs[1:] {
		for name, a := range j.body.Attributes {
			if _, twice := body.Attributes[name]; twice {
				return nil // hclsyntax reports it, with the first definition
			}
			body.Attributes[name] = a
		}
		body.Blocks = append(body.Blocks, j.body.Blocks...)
	}
	return root
}
