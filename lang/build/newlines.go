package build

import (
	"bytes"
	"unicode/utf8"
)

// Newlines turns Windows line endings into "\n", so that scripts written on Windows do
// not carry "\r" into generated YAML, and so that formatting a file is done in one pass:
// every run of "\r" before a "\n" goes, not only the last one ("\r\r\n" became "\r\n",
// which the next pipec fmt turned into "\n"). Lines and columns are unchanged; only byte
// offsets move.
func Newlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		if src[i] == '\r' {
			j := i
			for j < len(src) && src[j] == '\r' {
				j++
			}
			if j < len(src) && src[j] == '\n' {
				i = j - 1 // the "\n" is copied next
				continue
			}
		}
		out = append(out, src[i])
	}
	return out
}

// InvalidUTF8 is the offset of the first byte of src that is not valid UTF-8, or len(src):
// every front end refuses such a file at that byte, in the same words.
func InvalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(src)
}
