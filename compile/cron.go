package compile

import (
	"fmt"
	"strconv"
	"strings"
)

type cronField struct {
	name     string
	min, max int
	names    []string // names for min..min+len-1 (months, weekdays)
}

var cronFields = []cronField{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day of month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day of week", min: 0, max: 6, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}

// checkCron validates a five-field POSIX cron expression as all four platforms accept it:
// numbers, names for months and weekdays, *, ranges a-b, steps /n and comma lists. The
// @daily style shortcuts are rejected because GitHub Actions rejects them.
func checkCron(s string) error {
	if strings.HasPrefix(strings.TrimSpace(s), "@") {
		return fmt.Errorf("shortcuts such as %q are not accepted by every platform; write five fields, e.g. \"0 2 * * 1\"", strings.TrimSpace(s))
	}
	fields := strings.Fields(s)
	if len(fields) != 5 {
		return fmt.Errorf("expected 5 fields (minute hour day-of-month month day-of-week), found %d", len(fields))
	}
	for i, f := range fields {
		if err := checkCronField(f, cronFields[i]); err != nil {
			return fmt.Errorf("%s field %q: %v", cronFields[i].name, f, err)
		}
	}
	return nil
}

// daysIn is the most days each month has (February in a leap year).
var daysIn = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// cronNeverFires catches a valid schedule whose days of the month occur in none of its
// months ("0 0 30 2 *"): every platform accepts it, and it never runs. When the day of
// the week is restricted too, cron runs on either, so such a schedule still runs.
func cronNeverFires(s string) error {
	fields := strings.Fields(s)
	if strings.HasPrefix(fields[2], "*") || !strings.HasPrefix(fields[4], "*") {
		return nil
	}
	days, months := cronSet(fields[2], cronFields[2]), cronSet(fields[3], cronFields[3])
	for m := 1; m <= 12; m++ {
		for d := 1; d <= daysIn[m] && months[m]; d++ {
			if days[d] {
				return nil
			}
		}
	}
	return fmt.Errorf("its days of the month (%s) fall in none of its months (%s)", fields[2], fields[3])
}

// cronSet is the set of values a field that checkCronField accepted stands for.
func cronSet(f string, spec cronField) []bool {
	set := make([]bool, spec.max+1)
	for _, item := range strings.Split(f, ",") {
		rng, stepText, _ := strings.Cut(item, "/")
		step := 1
		if n, err := strconv.Atoi(stepText); err == nil {
			step = n
		}
		lo, hi := spec.min, spec.max
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "-")
			lo, _ = cronValue(a, spec)
			hi = lo
			if isRange {
				hi, _ = cronValue(b, spec)
			} else if stepText != "" {
				hi = spec.max // "5/15": from 5 on
			}
		}
		for v := lo; v <= hi; v += step {
			set[v] = true
		}
	}
	return set
}

func checkCronField(f string, spec cronField) error {
	for _, item := range strings.Split(f, ",") {
		if item == "" {
			return fmt.Errorf("empty list item")
		}
		rng, step, hasStep := strings.Cut(item, "/")
		if hasStep {
			n, err := strconv.Atoi(step)
			if err != nil || n < 1 || n > spec.max+1 {
				return fmt.Errorf("step %q must be a number from 1 to %d", step, spec.max+1)
			}
		}
		if rng == "*" {
			continue
		}
		lo, hi, isRange := strings.Cut(rng, "-")
		a, err := cronValue(lo, spec)
		if err != nil {
			return err
		}
		if isRange {
			b, err := cronValue(hi, spec)
			if err != nil {
				return err
			}
			if b < a {
				return fmt.Errorf("range %s is backwards", rng)
			}
		}
	}
	return nil
}

func cronValue(s string, spec cronField) (int, error) {
	for i, n := range spec.names {
		if strings.EqualFold(s, n) {
			return spec.min + i, nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if v < spec.min || v > spec.max {
		return 0, fmt.Errorf("%d is out of range %d-%d", v, spec.min, spec.max)
	}
	return v, nil
}
