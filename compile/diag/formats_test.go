package diag

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func sample() Diagnostics {
	return Diagnostics{
		{Severity: Error, Code: "deploy-from-pull-request", Summary: "stage \"deploy\" can run for pull requests", Detail: "add a branches rule",
			Subject: Range{Filename: "pipeline.hcl", Start: Pos{Line: 7, Column: 5}, End: Pos{Line: 7, Column: 30}}},
		{Severity: Warning, Code: "schedule-outside-file", Target: "gitlab", Summary: "schedule, with a comma: and 100% \"quotes\"\nand a newline",
			Subject: Range{Filename: "dir/pipeline.hcl", Start: Pos{Line: 3, Column: 1}}},
		{Severity: Info, Code: "missing-timeout", Summary: "stage \"a\" has no timeout", Subject: Range{Filename: "pipeline.hcl", Start: Pos{Line: 9, Column: 3}, End: Pos{Line: 9, Column: 8}}},
	}
}

// The SARIF log validates against the OASIS SARIF 2.1.0 schema (testdata, errata 01).
func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	var b bytes.Buffer
	rules := []RuleInfo{{ID: "deploy-from-pull-request", Summary: "a deployment can run for pull requests", Help: "why and how to fix", Severity: Error}}
	if err := WriteSARIF(&b, sample(), rules, "devel"); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF output does not validate: %v\n%s", err, b.String())
	}
	// The schema must be able to fail: a result without a message is invalid.
	bad := strings.Replace(b.String(), `"message"`, `"messag"`, 1)
	inst, _ = jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if schema.Validate(inst) == nil {
		t.Error("the schema accepted a result without a message")
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
			}
			ColumnKind string
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind %q: columns count characters (Pos.Column)", run.ColumnKind)
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %d (%s)", r.RuleID, r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID)
		}
	}
	if got := run.Results[1].RuleID + " " + run.Results[2].Level; got != "gitlab/schedule-outside-file note" {
		t.Errorf("got %s", got)
	}
}

func TestGitHubCommandsEscape(t *testing.T) {
	var b bytes.Buffer
	WriteGitHub(&b, sample())
	want := "::error file=pipeline.hcl,line=7,col=5,endLine=7,title=pipec deploy-from-pull-request::stage \"deploy\" can run for pull requests%0Aadd a branches rule\n" +
		"::warning file=dir/pipeline.hcl,line=3,col=1,title=pipec gitlab/schedule-outside-file::schedule, with a comma: and 100%25 \"quotes\"%0Aand a newline\n" +
		"::notice file=pipeline.hcl,line=9,col=3,endLine=9,title=pipec missing-timeout::stage \"a\" has no timeout\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestCodeQualityReport(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCodeQuality(&b, sample()); err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(b.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range raw {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity", "location"} {
			if _, ok := r[k]; !ok {
				t.Errorf("issue lacks %s: %v", k, r)
			}
		}
		fp := r["fingerprint"].(string)
		if seen[fp] {
			t.Errorf("fingerprint %s repeats", fp)
		}
		seen[fp] = true
		switch r["severity"] {
		case "info", "minor", "major", "critical", "blocker":
		default:
			t.Errorf("severity %v is not a Code Quality severity", r["severity"])
		}
	}
	if raw[0]["location"].(map[string]any)["lines"].(map[string]any)["begin"].(float64) != 7 {
		t.Errorf("line of the first issue: %v", raw[0]["location"])
	}
}

// A SARIF location is a URI reference: a path's spaces, # and % are percent-encoded, an
// absolute path is a file: URI, and a colon in the first segment does not read as a scheme.
func TestSARIFURI(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{"pipeline.hcl", "pipeline.hcl"},
		{"./ci/pipeline.hcl", "ci/pipeline.hcl"},
		{"my dir#1/100%/pipeline.hcl", "my%20dir%231/100%25/pipeline.hcl"},
		{"/src/a b/pipeline.hcl", "file:///src/a%20b/pipeline.hcl"},
		{`C:\src\pipeline.hcl`, "file:///C:/src/pipeline.hcl"},
		{"a:b/pipeline.hcl", "./a:b/pipeline.hcl"},
	} {
		var b bytes.Buffer
		ds := Diagnostics{{Severity: Warning, Code: "x", Summary: "s", Subject: Range{Filename: c.path, Start: Pos{Line: 1, Column: 1}}}}
		if err := WriteSARIF(&b, ds, nil, "devel"); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(b.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		if got := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != c.want {
			t.Errorf("%q: uri %q, want %q", c.path, got, c.want)
		}
	}
}
