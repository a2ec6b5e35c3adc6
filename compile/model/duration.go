package model

import (
	"fmt"
	"strconv"
)

// durationUnits are the units a duration may use, in seconds.
var durationUnits = map[byte]int64{'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}

// ParseDuration reads "30m", "4h", "1h30m", "7d", "2w" or "90s" into seconds. Units must
// come from largest to smallest, each once, and the total must be positive.
func ParseDuration(text string) (int64, error) {
	if text == "" {
		return 0, fmt.Errorf("empty duration")
	}
	var total int64
	last := int64(1 << 62)
	i := 0
	for i < len(text) {
		j := i
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		if j == i {
			return 0, fmt.Errorf("expected a number at %q", text[i:])
		}
		if j == len(text) {
			return 0, fmt.Errorf("%q has no unit (s, m, h, d or w)", text)
		}
		n, err := strconv.ParseInt(text[i:j], 10, 32)
		if err != nil {
			return 0, fmt.Errorf("number %q is too large", text[i:j])
		}
		unit, ok := durationUnits[text[j]]
		if !ok {
			return 0, fmt.Errorf("unknown unit %q (use s, m, h, d or w)", text[j])
		}
		if unit >= last {
			return 0, fmt.Errorf("units must go from largest to smallest, each once")
		}
		last = unit
		total += n * unit
		if total > 366*86400 {
			return 0, fmt.Errorf("%q is longer than a year", text)
		}
		i = j + 1
	}
	if total <= 0 {
		return 0, fmt.Errorf("duration must be positive")
	}
	return total, nil
}
