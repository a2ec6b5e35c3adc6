package compile

import (
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/lang/hcl"
)

// The list of declared names in "did you mean" details is headed by the kind's plural.
func TestPlural(t *testing.T) {
	for kind, want := range map[string]string{
		"stage":       "stages",
		"identity":    "identities",
		"matrix axis": "matrix axes",
		"secret":      "secrets",
		"environment": "environments",
		"key":         "keys",
	} {
		if got := plural(kind); got != want {
			t.Errorf("plural(%q) = %q, want %q", kind, got, want)
		}
	}
}

// decimalOf says what to write for a number input's default that is not a plain decimal,
// in the forms the YAML front end keeps as written.
func TestDecimalOf(t *testing.T) {
	for num, want := range map[string]string{"0x1F": "31", "0o17": "15", "1_000": "1000", "+1": "1", ".5": "0.5", "5.": "5", "1e400": ""} {
		if got, ok := decimalOf(num); got != want || ok != (want != "") {
			t.Errorf("decimalOf(%q) = %q, %v; want %q", num, got, ok, want)
		}
		if plainDecimal(num) {
			t.Errorf("plainDecimal(%q) is true", num)
		}
	}
	for _, num := range []string{"0", "-1", "3.10", "-0.0", "12345678901234567890"} {
		if !plainDecimal(num) {
			t.Errorf("plainDecimal(%q) is false", num)
		}
	}
}

// Names are ASCII: a bad-name error for a name holding ü (a letter, but not an ASCII one)
// says ASCII letters, whatever kind of name it is; "use letters" sent users looking for
// the character that was not one.
func TestBadNameSaysASCII(t *testing.T) {
	src := `pipeline "pïpe" {
  on {
    push {}
    manual {
      input "ïn" {
        type = "string"
      }
    }
  }
  secret "sëcret" {}
  identity "ïd" {
    aws {
      role_arn = "arn:aws:iam::123456789012:role/x"
      region   = "us-east-1"
    }
  }
  environment "ënv" {}
  stage "ünïcode-stage" {
    outputs = ["öut"]
    matrix {
      axes = { äxis = ["a"] }
    }
    step "s" { run = "x" }
  }
}
`
	m, ds := hcl.Parse("p.hcl", []byte(src))
	_, cds := Compile(m, "p.hcl")
	ds = append(ds, cds...)
	kinds := map[string]bool{}
	for _, d := range ds {
		if d.Code != "bad-name" {
			continue
		}
		kinds[strings.Fields(d.Summary)[1]] = true
		if !strings.Contains(d.Detail, "ASCII letters") {
			t.Errorf("%s: %s: detail %q does not say ASCII letters", d.Subject, d.Summary, d.Detail)
		}
	}
	for _, k := range []string{"pipeline", "input", "secret", "identity", "environment", "stage", "output", "matrix"} {
		if !kinds[k] {
			t.Errorf("no bad-name error for the %s name in %v", k, ds)
		}
	}
}
