package targets

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// TestOutBufMatchesConcatenation writes random pieces, some longer than a chunk and many
// ending exactly on a chunk's edge, and holds the joined result to a plain concatenation.
func TestOutBufMatchesConcatenation(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for round := 0; round < 50; round++ {
		var o outBuf
		var want bytes.Buffer
		for i := r.Intn(400); i > 0; i-- {
			switch r.Intn(4) {
			case 0:
				c := byte('a' + r.Intn(26))
				o.WriteByte(c)
				want.WriteByte(c)
			case 1: // fill the current chunk to its edge
				s := strings.Repeat("e", cap(o.cur)-len(o.cur))
				o.WriteString(s)
				want.WriteString(s)
			default:
				n := r.Intn(3 * outChunk / 2)
				if r.Intn(2) == 0 {
					n = r.Intn(100)
				}
				s := strings.Repeat(string(rune('A'+r.Intn(26))), n)
				o.WriteString(s)
				want.WriteString(s)
			}
		}
		if got := o.Bytes(); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("round %d: joined %d bytes differ from the %d written", round, len(got), want.Len())
		} else if cap(got) != len(got) {
			t.Errorf("round %d: the result's capacity is %d for %d bytes: want exactly its size", round, cap(got), len(got))
		}
		if o.cur != nil || o.full != nil || o.n != 0 {
			t.Fatalf("round %d: Bytes left the buffer non-empty", round)
		}
	}
}

// TestOutBufReuse checks a buffer after Bytes or Reset starts empty.
func TestOutBufReuse(t *testing.T) {
	var o outBuf
	o.WriteString(strings.Repeat("x", outChunk+10))
	o.Reset()
	o.WriteString("ab")
	o.WriteByte('c')
	if got := string(o.Bytes()); got != "abc" {
		t.Fatalf("after Reset: got %q, want %q", got, "abc")
	}
	if got := o.Bytes(); len(got) != 0 {
		t.Fatalf("an empty buffer joined to %q", got)
	}
}
