package targets

import "sync"

// outBuf is the encoder's output: a list of fixed-size chunks, joined once at the end into
// a slice of exactly the output's size. A bytes.Buffer doubles as it grows, so for a
// document of n bytes it allocates about 2n to 3n and copies n on the way, and at
// 10,000 stages (a 20 MB workflow) that was a third of the bytes the back ends
// allocated. Joining returns the chunks to a pool, so a back end that starts after
// another has finished writes into that one's chunks: a document costs its own size, and
// its chunks until they are joined.
type outBuf struct {
	cur  []byte   // the chunk being filled; len is what it holds
	full [][]byte // chunks already filled, in order
	n    int      // bytes in full
}

// outChunk is the size of the pooled chunks: large enough that a chunk boundary is rare
// within a write, small enough that a typical spec's output fits in one or two.
const outChunk = 64 << 10

var outChunks = sync.Pool{New: func() any { b := make([]byte, 0, outChunk); return &b }}

func (o *outBuf) next() {
	if o.cur != nil {
		o.full = append(o.full, o.cur)
		o.n += len(o.cur)
	}
	o.cur = (*outChunks.Get().(*[]byte))[:0]
}

func (o *outBuf) WriteString(s string) {
	for {
		if o.cur == nil {
			o.next()
		}
		k := copy(o.cur[len(o.cur):cap(o.cur)], s)
		o.cur = o.cur[:len(o.cur)+k]
		if k == len(s) {
			return
		}
		s = s[k:]
		o.next()
	}
}

// WriteByte never fails; it returns an error to be an io.ByteWriter, as go vet expects of
// the name.
func (o *outBuf) WriteByte(c byte) error {
	if len(o.cur) == cap(o.cur) { // also when cur is nil
		o.next()
	}
	o.cur = append(o.cur, c)
	return nil
}

// Bytes joins the chunks into one new slice; the buffer is empty afterwards.
func (o *outBuf) Bytes() []byte {
	out := make([]byte, 0, o.n+len(o.cur))
	for _, c := range o.full {
		out = append(out, c...)
	}
	out = append(out, o.cur...)
	o.Reset()
	return out
}

// Reset empties the buffer and returns its chunks to the pool.
func (o *outBuf) Reset() {
	if o.cur != nil {
		o.full = append(o.full, o.cur)
	}
	for _, c := range o.full {
		c = c[:0]
		outChunks.Put(&c)
	}
	*o = outBuf{}
}
