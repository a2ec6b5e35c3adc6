package cue

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestParallelParse parses every golden CUE spec on several goroutines at once, as
// pipec generate ./... does. Under -race (make test runs it so) it catches shared state
// that CUE writes, such as the language's schema tree.
func TestParallelParse(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "pipeline.cue"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden CUE specs (%v)", err)
	}
	var wg sync.WaitGroup
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ParseFiles([]File{{Name: "pipeline.cue", Src: append([]byte(nil), src...)}})
			}()
		}
	}
	wg.Wait()
}
