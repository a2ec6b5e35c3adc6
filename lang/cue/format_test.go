package cue

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFormatCUEGolden formats every testdata/*/pipeline.cue: each was written through
// `cue fmt`, so formatting leaves it byte for byte (the same layout as CUE's own tool);
// a second pass changes nothing; the case with a syntax error is refused.
func TestFormatCUEGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "pipeline.cue"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*/pipeline.cue (%v)", err)
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out, ds := FormatCUE(path, src)
		if strings.Contains(path, "fail-cue-syntax") {
			if out != nil || len(ds) == 0 || ds[0].Code != "syntax" {
				t.Errorf("%s: want a syntax error and no output, got %v", path, ds)
			}
			continue
		}
		if ds.HasErrors() {
			t.Errorf("%s: %v", path, ds)
			continue
		}
		if !bytes.Equal(out, src) {
			t.Errorf("%s: a file formatted with cue fmt changed:\n%s", path, out)
		}
	}
}

func TestFormatCUELayout(t *testing.T) {
	src := "// the shop\r\npipeline: \"x\": {\r\n  on: push: {}\n   // build it\n stage: build: step: make: {run: \"make\", timeout:   \"5m\"} // inline\n  stage: test: {\n      needs: [\"build\"]\n   step: t: run: \"go test\"\n}\n}\n"
	want := "// the shop\npipeline: \"x\": {\n\ton: push: {}\n\t// build it\n\tstage: build: step: make: {run: \"make\", timeout: \"5m\"} // inline\n\tstage: test: {\n\t\tneeds: [\"build\"]\n\t\tstep: t: run: \"go test\"\n\t}\n}\n"
	got, ds := FormatCUE("pipeline.cue", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	again, _ := FormatCUE("pipeline.cue", got)
	if !bytes.Equal(got, again) {
		t.Errorf("not idempotent:\n%s", again)
	}
}

func TestFormatCUESyntaxError(t *testing.T) {
	src := "pipeline: x: {\n\tstage: s: needs: [\"a\" \"b\"]\n}\n"
	got, ds := FormatCUE("p.cue", []byte(src))
	if got != nil {
		t.Errorf("a file with a syntax error was formatted:\n%s", got)
	}
	if len(ds) == 0 || ds[0].Code != "syntax" || ds[0].Subject.Filename != "p.cue" || ds[0].Subject.Start.Line != 2 {
		t.Errorf("want a syntax error on p.cue line 2, got %v", ds)
	}
}

func TestFormatJSON(t *testing.T) {
	src := `{"pipeline": {"x": {"stage": {"zeta": {"step": {"b": {"run": "echo \u0041 <b>"}, "a": {"run": "2", "retries": 1.50}}}, "alpha": {}}}}}`
	want := `{
  "pipeline": {
    "x": {
      "stage": {
        "zeta": {
          "step": {
            "b": {
              "run": "echo \u0041 <b>"
            },
            "a": {
              "run": "2",
              "retries": 1.50
            }
          }
        },
        "alpha": {}
      }
    }
  }
}
`
	got, ds := FormatJSON("pipeline.json", []byte(src))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	again, _ := FormatJSON("pipeline.json", got)
	if !bytes.Equal(got, again) {
		t.Errorf("not idempotent:\n%s", again)
	}
}

// TestFormatJSONByteOrderMark formats a JSON spec that starts with a byte order mark, which
// Parse accepts: it was refused as a syntax error at 1:1.
func TestFormatJSONByteOrderMark(t *testing.T) {
	src := "\xef\xbb\xbf{\"pipeline\": {\"x\": {}}}\r\n"
	got, ds := FormatJSON("pipeline.json", []byte(src))
	if ds.HasErrors() {
		t.Fatalf("a JSON spec with a byte order mark is refused: %v", ds)
	}
	if want := "{\n  \"pipeline\": {\n    \"x\": {}\n  }\n}\n"; string(got) != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}

// TestFormatJSONInvalidUTF8 refuses, as Parse does, a JSON spec holding a byte that is not
// UTF-8, at that byte: encoding/json reads it as U+FFFD, and fmt rewrote the file.
func TestFormatJSONInvalidUTF8(t *testing.T) {
	src := []byte("{\"pipeline\": {\"x\": {\"description\": \"caf\xe9\"}}}\n")
	got, ds := FormatJSON("p.json", src)
	if got != nil || len(ds) != 1 || ds[0].Code != "syntax" || ds[0].Summary != "the file holds invalid UTF-8" ||
		ds[0].Subject.Start.Line != 1 || ds[0].Subject.Start.Column != 40 {
		t.Fatalf("want one syntax error at 1:40 and no output, got %q, %v", got, ds)
	}
	_, pds := Parse("p.json", src)
	if len(pds) != 1 || pds[0].Summary != ds[0].Summary || pds[0].Subject != ds[0].Subject {
		t.Errorf("Parse does not report what FormatJSON does:\n%v\n%v", pds, ds)
	}
}

func TestFormatJSONSyntaxError(t *testing.T) {
	for _, src := range []string{"{\n  \"pipeline\": {\n    \"x\": 1,\n  }\n}\n", "", "{} {}"} {
		got, ds := FormatJSON("p.json", []byte(src))
		if got != nil || len(ds) != 1 || ds[0].Code != "syntax" || ds[0].Subject.Filename != "p.json" || ds[0].Subject.Start.Line == 0 {
			t.Errorf("%q: want one syntax error with a position and no output, got %q, %v", src, got, ds)
		}
	}
}

func FuzzFormatCUE(f *testing.F) {
	f.Add([]byte("pipeline: x: {\n\ton: push: {}\n}\n"))
	f.Add([]byte("// c\na: b: c // d\n"))
	f.Add([]byte("a: [1,\n2]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, ds := FormatCUE("f.cue", src)
		if ds.HasErrors() {
			if out != nil {
				t.Fatal("output with errors")
			}
			return
		}
		again, ds := FormatCUE("f.cue", out)
		if ds.HasErrors() {
			t.Fatalf("formatted output has errors: %v\n%q", ds, out)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("not idempotent:\n%q\n%q", out, again)
		}
	})
}
