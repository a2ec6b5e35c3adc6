package diag

import (
	"fmt"
	"strings"
)

// IsCode reports whether s has the shape of a diagnostic code or rule id: kebab-case,
// lower-case letters and digits in words joined by single dashes.
func IsCode(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if !(c == '-' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// Broken returns what keeps d from what every diagnostic promises a user (a code of
// IsCode's shape, a summary, and a subject and notes in file at line:column 1:1 or
// later), or "" when nothing does. The fuzz targets of every front end and of the whole
// build hold each diagnostic they see to it.
func (d *Diagnostic) Broken(file string) string {
	if !IsCode(d.Code) {
		return fmt.Sprintf("code %q is not kebab-case", d.Code)
	}
	if strings.TrimSpace(d.Summary) == "" {
		return "no summary"
	}
	at := func(what string, r Range) string {
		if r.Filename != file || r.Start.Line < 1 || r.Start.Column < 1 {
			return fmt.Sprintf("%s is at %q %d:%d, not in %s", what, r.Filename, r.Start.Line, r.Start.Column, file)
		}
		return ""
	}
	if s := at("the subject", d.Subject); s != "" {
		return s
	}
	for _, n := range d.Related {
		if s := at("note "+n.Message, n.Subject); s != "" {
			return s
		}
	}
	return ""
}
