package diag

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// RuleInfo describes a diagnostic code for formats that carry rule metadata (SARIF).
type RuleInfo struct {
	ID       string
	Summary  string
	Help     string // rationale and fix, as plain text
	Severity Severity
	HelpURI  string
}

func code(d *Diagnostic) string {
	if d.Target != "" {
		return d.Target + "/" + d.Code
	}
	return d.Code
}

// jsonDiag is the JSON form of a diagnostic: stable field names, 1-based positions.
type jsonDiag struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	EndLine  int    `json:"end_line"`
	EndCol   int    `json:"end_column"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Target   string `json:"target,omitempty"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail,omitempty"`
}

// WriteJSON prints diagnostics as a JSON array.
func WriteJSON(w io.Writer, ds Diagnostics) error {
	out := make([]jsonDiag, 0, len(ds))
	for _, d := range ds {
		out = append(out, jsonDiag{
			File: d.Subject.Filename, Line: d.Subject.Start.Line, Column: d.Subject.Start.Column,
			EndLine: d.Subject.End.Line, EndCol: d.Subject.End.Column,
			Severity: d.Severity.String(), Code: d.Code, Target: d.Target, Summary: d.Summary, Detail: d.Detail,
		})
	}
	return encode(w, out)
}

func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// WriteGitHub prints diagnostics as GitHub Actions workflow commands, which the runner
// turns into annotations on the file and line: ::error file=F,line=L,col=C,title=T::MSG.
func WriteGitHub(w io.Writer, ds Diagnostics) {
	w, flush := buffered(w)
	defer flush()
	for _, d := range ds {
		kind := map[Severity]string{Error: "error", Warning: "warning", Info: "notice"}[d.Severity]
		props := fmt.Sprintf("file=%s,line=%d,col=%d", ghProp(d.Subject.Filename), d.Subject.Start.Line, d.Subject.Start.Column)
		if d.Subject.End.Line > 0 {
			props += fmt.Sprintf(",endLine=%d", d.Subject.End.Line)
		}
		props += ",title=" + ghProp("pipec "+code(d))
		msg := d.Summary
		if d.Detail != "" {
			msg += "\n" + d.Detail
		}
		fmt.Fprintf(w, "::%s %s::%s\n", kind, props, ghData(msg))
	}
}

// ghData escapes a workflow command's message; ghProp also its property values.
func ghData(s string) string { return ghDataEscaper.Replace(s) }

func ghProp(s string) string { return ghPropEscaper.Replace(s) }

var (
	ghDataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// WriteCodeQuality prints diagnostics as a GitLab Code Quality report (a JSON array of
// issues with a stable fingerprint), which merge requests show inline.
func WriteCodeQuality(w io.Writer, ds Diagnostics) error {
	type lines struct {
		Begin int `json:"begin"`
	}
	type location struct {
		Path  string `json:"path"`
		Lines lines  `json:"lines"`
	}
	type issue struct {
		Description string   `json:"description"`
		CheckName   string   `json:"check_name"`
		Fingerprint string   `json:"fingerprint"`
		Severity    string   `json:"severity"`
		Location    location `json:"location"`
	}
	out := make([]issue, 0, len(ds))
	for _, d := range ds {
		sev := map[Severity]string{Error: "major", Warning: "minor", Info: "info"}[d.Severity]
		sum := sha256.Sum256([]byte(code(d) + "\x00" + d.Subject.Filename + "\x00" + d.Summary))
		out = append(out, issue{
			Description: d.Summary, CheckName: code(d), Fingerprint: hex.EncodeToString(sum[:16]),
			Severity: sev, Location: location{Path: d.Subject.Filename, Lines: lines{Begin: max(d.Subject.Start.Line, 1)}},
		})
	}
	return encode(w, out)
}

// sarifURI writes a file path as the URI reference SARIF requires: percent-encoded (a
// space or # in a directory name would otherwise end the path, or start a fragment, for
// code scanning), relative paths as relative references, absolute ones as file: URIs.
func sarifURI(path string) string {
	p := strings.TrimPrefix(strings.ReplaceAll(path, "\\", "/"), "./")
	abs := strings.HasPrefix(p, "/")
	if len(p) >= 3 && p[1] == ':' && p[2] == '/' && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z') { // a Windows drive: C:/src/pipeline.hcl
		p, abs = "/"+p, true
	}
	u := &url.URL{Path: p}
	if abs {
		return "file://" + u.EscapedPath()
	}
	// A first segment with a colon would read as a scheme: ./a:b/pipeline.hcl.
	if i := strings.IndexAny(p, ":/"); i >= 0 && p[i] == ':' {
		u.Path = "./" + p
	}
	return u.EscapedPath()
}

// WriteSARIF prints diagnostics as a SARIF 2.1.0 log with one run of tool "pipec", for
// code scanning. rules describes the codes the run may report.
func WriteSARIF(w io.Writer, ds Diagnostics, rules []RuleInfo, version string) error {
	type msg struct {
		Text string `json:"text"`
	}
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	type artifact struct {
		URI string `json:"uri"`
	}
	type physical struct {
		ArtifactLocation artifact `json:"artifactLocation"`
		Region           region   `json:"region"`
	}
	type location struct {
		PhysicalLocation physical `json:"physicalLocation"`
	}
	type result struct {
		RuleID    string     `json:"ruleId"`
		RuleIndex int        `json:"ruleIndex"`
		Level     string     `json:"level"`
		Message   msg        `json:"message"`
		Locations []location `json:"locations"`
	}
	type config struct {
		Level string `json:"level"`
	}
	type rule struct {
		ID               string `json:"id"`
		ShortDescription msg    `json:"shortDescription"`
		FullDescription  msg    `json:"fullDescription"`
		Help             msg    `json:"help"`
		HelpURI          string `json:"helpUri,omitempty"`
		DefaultConfig    config `json:"defaultConfiguration"`
	}
	type driver struct {
		Name           string `json:"name"`
		InformationURI string `json:"informationUri"`
		Version        string `json:"version"`
		Rules          []rule `json:"rules"`
	}
	type tool struct {
		Driver driver `json:"driver"`
	}
	type run struct {
		Tool    tool     `json:"tool"`
		Results []result `json:"results"`
		// ColumnKind says columns count characters, as Pos.Column does; some consumers
		// read a log without it as counting UTF-16 code units, which puts every column
		// after an emoji or other character outside the BMP one too far.
		ColumnKind string `json:"columnKind"`
	}
	type log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}
	level := func(s Severity) string {
		return map[Severity]string{Error: "error", Warning: "warning", Info: "note"}[s]
	}
	index := map[string]int{}
	var rs []rule
	addRule := func(id, summary, help string, sev Severity, uri string) int {
		if i, ok := index[id]; ok {
			return i
		}
		index[id] = len(rs)
		rs = append(rs, rule{ID: id, ShortDescription: msg{summary}, FullDescription: msg{summary}, Help: msg{help}, HelpURI: uri, DefaultConfig: config{level(sev)}})
		return index[id]
	}
	for _, r := range rules {
		addRule(r.ID, r.Summary, r.Help, r.Severity, r.HelpURI)
	}
	results := make([]result, 0, len(ds))
	for _, d := range ds {
		id := code(d)
		i := addRule(id, id, "reported by pipec's compiler or a target back end", d.Severity, "")
		text := d.Summary
		if d.Detail != "" {
			text += ": " + d.Detail
		}
		reg := region{StartLine: max(d.Subject.Start.Line, 1), StartColumn: max(d.Subject.Start.Column, 1)}
		if d.Subject.End.Line >= reg.StartLine && d.Subject.End.Column > 0 {
			reg.EndLine, reg.EndColumn = d.Subject.End.Line, d.Subject.End.Column
		}
		results = append(results, result{RuleID: id, RuleIndex: i, Level: level(d.Severity), Message: msg{text},
			Locations: []location{{PhysicalLocation: physical{ArtifactLocation: artifact{URI: sarifURI(d.Subject.Filename)}, Region: reg}}}})
	}
	if rs == nil {
		rs = []rule{}
	}
	return encode(w, log{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []run{{
			Tool:       tool{Driver: driver{Name: "pipec", InformationURI: "https://github.com/pipec-dev/pipec", Version: version, Rules: rs}},
			Results:    results,
			ColumnKind: "unicodeCodePoints",
		}},
	})
}
