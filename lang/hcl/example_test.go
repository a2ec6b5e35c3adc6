package hcl

import (
	"os"
	"path/filepath"
	"testing"
)

// languageExample is the whole pipeline of the language contract (design/language.md), as
// the golden case example-shop-api keeps it.
func languageExample(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "example-shop-api", "pipeline.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
