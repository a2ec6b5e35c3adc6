// Command specgen writes the synthetic specs of package specgen: pipeline-N.hcl and
// pipeline-N.cue for each size given, into a directory.
//
//	go run ./internal/cmd/specgen -o DIR 10 100 1000 10000
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/pipec-dev/pipec/internal/specgen"
)

func main() {
	out := flag.String("o", ".", "directory the specs are written to")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: specgen [-o DIR] N...\nwrites DIR/pipeline-N.hcl and DIR/pipeline-N.cue, a spec of N stages in each syntax")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "specgen:", err)
		os.Exit(1)
	}
	for _, a := range flag.Args() {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "specgen: %q is not a positive number of stages\n", a)
			os.Exit(2)
		}
		for ext, src := range map[string][]byte{".hcl": specgen.HCL(n), ".cue": specgen.CUE(n)} {
			if err := os.WriteFile(filepath.Join(*out, "pipeline-"+a+ext), src, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "specgen:", err)
				os.Exit(1)
			}
		}
	}
}
