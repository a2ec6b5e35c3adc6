package model

import "testing"

func TestParseDuration(t *testing.T) {
	ok := map[string]int64{"90s": 90, "30m": 1800, "4h": 14400, "1h30m": 5400, "7d": 604800, "2w": 1209600, "1d2h3m4s": 93784}
	for in, want := range ok {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "30", "m", "30x", "30m1h", "1h1h", "0m", "999999d", "99999999999999999999s", "-5m"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted", in)
		}
	}
	d := Duration{Seconds: 61}
	if d.Minutes() != 2 || d.Days() != 1 {
		t.Errorf("rounding: %d minutes %d days", d.Minutes(), d.Days())
	}
}
