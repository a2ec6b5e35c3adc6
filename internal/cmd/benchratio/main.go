// Command benchratio reads `go test -bench` output on standard input, passes it through,
// and then prints each benchmark against the baseline measured in the same run
// (BenchmarkBaselineYAMLRead unless -baseline says otherwise): the median over -count
// runs of ns/op and of cpu-ns/op, each divided by the baseline's median. Ratios from one
// run compare across machines and across noisy moments; nanoseconds do not.
//
//	go test -run '^$' -bench . -count 3 . | go run ./internal/cmd/benchratio
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	baseline := flag.String("baseline", "BaselineYAMLRead", "the benchmark the others are divided by")
	flag.Parse()
	if err := run(os.Stdin, os.Stdout, *baseline); err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
}

// sample is one benchmark's values over its runs, by unit ("ns/op", "cpu-ns/op", ...).
type sample map[string][]float64

func run(in io.Reader, out io.Writer, baseline string) error {
	var order []string
	samples := map[string]sample{}
	failed := false
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(out, line)
		if strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "--- FAIL") {
			failed = true
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // the GOMAXPROCS suffix
		}
		s, ok := samples[name]
		if !ok {
			s = sample{}
			samples[name] = s
			order = append(order, name)
		}
		// f[1] is the iteration count; then value-unit pairs.
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			s[f[i+1]] = append(s[f[i+1]], v)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if failed {
		return fmt.Errorf("the benchmarks failed")
	}
	base, ok := samples[baseline]
	if !ok {
		return fmt.Errorf("no Benchmark%s in the input: nothing to compare with", baseline)
	}
	bw, bc := median(base["ns/op"]), median(base["cpu-ns/op"])
	fmt.Fprintf(out, "\nAgainst Benchmark%s of the same run (%s wall, %s CPU per op), medians of %d run(s):\n\n",
		baseline, dur(bw), dur(bc), len(base["ns/op"]))
	fmt.Fprintf(out, "| benchmark | wall/op | x baseline | CPU/op | x baseline | allocated/op |\n|---|---:|---:|---:|---:|---:|\n")
	for _, name := range order {
		s := samples[name]
		w, c := median(s["ns/op"]), median(s["cpu-ns/op"])
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s |\n", name, dur(w), ratio(w, bw), dur(c), ratio(c, bc), size(median(s["B/op"])))
	}
	return nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ratio(v, base float64) string {
	if v == 0 || base == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", v/base)
}

func dur(ns float64) string {
	switch {
	case ns == 0:
		return "-"
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	default:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
}

func size(b float64) string {
	switch {
	case b == 0:
		return "-"
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	default:
		return fmt.Sprintf("%.0f KiB", b/1024)
	}
}
