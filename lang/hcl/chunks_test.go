package hcl

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/pipec-dev/pipec/internal/specgen"
)

// everyItem splits every file at every item of its largest top-level body.
var everyItem = chunking{from: 0, size: 1}

// namedSpec is a spec file of the repository.
type namedSpec struct {
	name string
	src  []byte
}

// repositorySpecs are the HCL specs of the repository (golden cases, lint cases) and the
// shared examples when they are beside the repository, in path order.
func repositorySpecs(t testing.TB) []namedSpec {
	t.Helper()
	var specs []namedSpec
	for _, pattern := range []string{
		filepath.Join("..", "..", "testdata", "*", "pipeline.hcl"),
		filepath.Join("..", "..", "lint", "testdata", "*", "*.hcl"),
		filepath.Join(examplesDir, "*.hcl"),
	} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			specs = append(specs, namedSpec{f, src})
		}
	}
	return specs
}

// A body parsed in chunks is the tree hclsyntax builds of the whole file, ranges and all:
// on every spec of the repository, split at every item, and on a generated spec of 1,000
// stages split as Parse splits it.
func TestChunkedParse(t *testing.T) {
	specs := append(repositorySpecs(t), namedSpec{"specgen-1000", specgen.HCL(1000)})
	if len(specs) < 50 {
		t.Fatalf("only %d specs found", len(specs))
	}
	chunked := 0
	for _, spec := range specs {
		name, src := spec.name, spec.src
		size := everyItem.size
		if name == "specgen-1000" {
			size = defaultChunking.size
		}
		scan, ok := quickScan(src)
		if !ok {
			t.Fatalf("%s: quickScan cannot read it", name)
		}
		file, diags := hclsyntax.ParseConfig(src, name, hclv2.InitialPos)
		body := parseChunks(src, name, scan.bodies, size)
		if body == nil {
			if !diags.HasErrors() && strings.Count(string(src), "\n  stage ") > 1 {
				t.Errorf("%s: a clean spec of several stages was not parsed in chunks", name)
			}
			continue
		}
		chunked++
		if diags.HasErrors() {
			t.Errorf("%s: parsed in chunks, but whole it has errors: %v", name, diags)
		}
		if !reflect.DeepEqual(body, file.Body) {
			t.Errorf("%s: the body parsed in chunks differs from the whole file's", name)
		}
		// And what Parse makes of it.
		p1, ds1 := parseWith(name, src, chunking{})
		p2, ds2 := parseWith(name, src, everyItem)
		if !reflect.DeepEqual(p1, p2) || !reflect.DeepEqual(ds1, ds2) {
			t.Errorf("%s: the pipeline or diagnostics differ when parsed in chunks", name)
		}
	}
	if chunked < len(specs)/2 {
		t.Errorf("only %d of %d specs were parsed in chunks", chunked, len(specs))
	}
}

// Where splitting cannot give the whole file's tree, the file is parsed whole, and a
// user sees what hclsyntax says of the whole file.
func TestChunkedParseFallsBack(t *testing.T) {
	for name, src := range map[string]string{
		// An object's braces are not a block's body.
		"object": "x = {\n  a = 1\n  b = 2\n}\n",
		// Set twice, in two chunks: hclsyntax reports it, with the first definition.
		"attribute twice": "pipeline \"p\" {\n  name = \"a\"\n  stage \"s\" {\n  }\n  name = \"b\"\n}\n",
		// A syntax error in one chunk.
		"syntax error": "pipeline \"p\" {\n  stage \"s\" {\n    image = \n  }\n  stage \"t\" {\n  }\n}\n",
		// An item on the line of the brace stays in the skeleton.
		"item on the brace's line": "pipeline \"p\" { name = \"a\"\n  stage \"s\" {\n  }\n}\n",
		// A heredoc whose text looks like items.
		"heredoc": "pipeline \"p\" {\n  description = <<EOT\n  stage \"s\" {\n  }\nEOT\n  stage \"t\" {\n  }\n}\n",
	} {
		scan, ok := quickScan([]byte(src))
		if !ok {
			t.Fatalf("%s: quickScan cannot read it", name)
		}
		file, diags := hclsyntax.ParseConfig([]byte(src), name, hclv2.InitialPos)
		if body := parseChunks([]byte(src), name, scan.bodies, 1); body != nil && (diags.HasErrors() || !reflect.DeepEqual(body, file.Body)) {
			t.Errorf("%s: parsed in chunks, and not as the whole file", name)
		}
		p1, ds1 := parseWith(name, []byte(src), chunking{})
		p2, ds2 := parseWith(name, []byte(src), everyItem)
		if !reflect.DeepEqual(p1, p2) || !reflect.DeepEqual(ds1, ds2) {
			t.Errorf("%s: the pipeline or diagnostics differ when parsed in chunks:\n%v\n%v", name, ds1, ds2)
		}
	}
}
