package build

import (
	"bytes"
	"testing"
)

func TestNewlines(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"a\nb":            "a\nb",
		"a\r\nb\r\n":      "a\nb\n",
		"\r\r\n":          "\n",
		"a\r\r\r\nb":      "a\nb",
		"lone\rcr\r":      "lone\rcr\r",
		"\r\rx\r\n\r":     "\r\rx\n\r",
		"mixed\n\r\n\r\r": "mixed\n\n\r\r",
	} {
		got := Newlines([]byte(in))
		if string(got) != want {
			t.Errorf("Newlines(%q) = %q, want %q", in, got, want)
		}
		if again := Newlines(got); !bytes.Equal(again, got) {
			t.Errorf("Newlines is not idempotent on %q: %q", in, again)
		}
	}
}
