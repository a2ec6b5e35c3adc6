package compile

import "testing"

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
