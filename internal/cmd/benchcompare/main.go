// Command benchcompare times pipec as whole processes against the tools it is compared
// with, in one run, and prints the ratios and the growth curve as Markdown tables
// (docs/performance.md is written from its output):
//
//   - pipec generate (all four targets) and pipec lint on the typical spec (the shop-api
//     example), against actionlint on the GitHub workflow pipec generates from it, with
//     and without shellcheck;
//   - pipec generate of the same spec written in CUE, against cue export of that file;
//   - pipec generate on specs of 10, 100, 1,000 and 10,000 stages (internal/specgen):
//     wall and CPU time and peak memory, to show growth is linear.
//
// Run it from the module root: go run ./internal/cmd/benchcompare (make bench-compare).
// It builds pipec from the work tree, and actionlint and cue at the versions go.mod
// requires, with `go install PKG@VERSION` into a cache directory (-tools, default the
// user cache directory's pipec-bench), so go.mod and go.sum stay as they are.
//
// Machines are noisy: every command of a table runs in the same rounds, interleaved, so
// a burst of load hits them alike; the tables show medians and the fastest run, and the
// ratios compare medians measured side by side, never figures from different runs.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pipec-dev/pipec/internal/specgen"
)

func main() {
	runs := flag.Int("runs", 30, "rounds of the typical-spec comparison")
	sizes := flag.String("sizes", "10,100,1000,10000", "stage counts of the growth curve")
	tools := flag.String("tools", "", "directory actionlint and cue are built into (default: the user cache directory's pipec-bench)")
	typical := flag.String("spec", filepath.Join("testdata", "example-shop-api", "pipeline"), "the typical spec, without its extension: .hcl and .cue must exist")
	flag.Parse()
	if err := run(*runs, *sizes, *tools, *typical); err != nil {
		fmt.Fprintln(os.Stderr, "benchcompare:", err)
		os.Exit(1)
	}
}

func run(runs int, sizeList, toolDir, typical string) error {
	var sizes []int
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes: %q is not a stage count", s)
		}
		sizes = append(sizes, n)
	}
	work, err := os.MkdirTemp("", "pipec-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	// Every binary is built as make build builds pipec: without cgo, so statically linked
	// (pflag imports net, and with cgo a binary that does pays the dynamic loader on each
	// start). actionlint's binary is static either way.
	os.Setenv("CGO_ENABLED", "0")
	pipec := filepath.Join(work, "pipec")
	if err := goCmd("", nil, "build", "-o", pipec, "./cmd/pipec"); err != nil {
		return fmt.Errorf("building pipec: %w", err)
	}
	actionlint, err := tool(toolDir, "github.com/rhysd/actionlint", "github.com/rhysd/actionlint/cmd/actionlint")
	if err != nil {
		return err
	}
	cue, err := tool(toolDir, "cuelang.org/go", "cuelang.org/go/cmd/cue")
	if err != nil {
		return err
	}

	// The typical spec, in both syntaxes, and the workflow pipec generates from it.
	spec := filepath.Join(work, "spec")
	if err := os.MkdirAll(spec, 0o755); err != nil {
		return err
	}
	for _, ext := range []string{".hcl", ".cue"} {
		src, err := os.ReadFile(typical + ext)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(spec, "pipeline"+ext), src, 0o644); err != nil {
			return err
		}
	}
	hclSpec, cueSpec := filepath.Join(spec, "pipeline.hcl"), filepath.Join(spec, "pipeline.cue")
	out := filepath.Join(work, "out")
	if _, err := measure(nil, pipec, "generate", hclSpec, "-o", out, "-q"); err != nil {
		return fmt.Errorf("pipec generate %s: %w", hclSpec, err)
	}
	workflows, _ := filepath.Glob(filepath.Join(out, ".github", "workflows", "*.yml"))
	if len(workflows) != 1 {
		return fmt.Errorf("pipec generate wrote %d GitHub workflows, want 1", len(workflows))
	}
	workflow := workflows[0]

	// pipec finds shellcheck on PATH; without it on PATH, neither tool runs it.
	noShellcheck := []string{"PATH=" + filepath.Join(work, "empty")}
	shellcheck, _ := exec.LookPath("shellcheck")

	fmt.Printf("# pipec benchmarks\n\n")
	fmt.Printf("%s/%s, %d CPUs, %s; %d rounds, interleaved; typical spec: %s.{hcl,cue}\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), runs, typical)
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("load average at start: %s\n", strings.Join(strings.Fields(string(load))[:3], " "))
	}

	cmds := []*command{
		{name: "pipec generate (4 targets), HCL, -o DIR, files up to date", argv: []string{pipec, "generate", hclSpec, "-o", out, "-q"}},
		{name: "pipec generate (4 targets), HCL, --stdout", argv: []string{pipec, "generate", hclSpec, "--stdout"}},
		{name: "pipec lint, HCL", argv: []string{pipec, "lint", hclSpec}, env: noShellcheck},
		{name: "pipec generate --lint (4 targets and lint, one process), HCL, -o DIR, files up to date", argv: []string{pipec, "generate", "--lint", hclSpec, "-o", out, "-q"}, env: noShellcheck},
		{name: "the same, GOGC=100 (Go's default collector)", argv: []string{pipec, "generate", "--lint", hclSpec, "-o", out, "-q"}, env: append([]string{"GOGC=100"}, noShellcheck...)},
		{name: "actionlint, GitHub workflow", argv: []string{actionlint, "-shellcheck=", workflow}, anyExit: true},
		{name: "pipec generate (4 targets), CUE, --stdout", argv: []string{pipec, "generate", cueSpec, "--stdout"}},
		{name: "pipec generate -t github, CUE, --stdout", argv: []string{pipec, "generate", "-t", "github", cueSpec, "--stdout"}},
		{name: "cue export, CUE", argv: []string{cue, "export", cueSpec}},
		{name: "pipec version (start-up only)", argv: []string{pipec, "version"}},
	}
	if shellcheck != "" {
		cmds = append(cmds,
			&command{name: "pipec lint, HCL, with shellcheck", argv: []string{pipec, "lint", hclSpec}},
			&command{name: "actionlint, with shellcheck", argv: []string{actionlint, "-shellcheck=" + shellcheck, workflow}, anyExit: true})
	}
	if err := rounds(cmds, runs); err != nil {
		return err
	}
	fmt.Printf("\n## Typical spec\n\n")
	fmt.Printf("| command | median wall | fastest wall | median CPU (user+sys) | median peak RSS |\n|---|---:|---:|---:|---:|\n")
	for _, c := range cmds {
		fmt.Printf("| %s | %s | %s | %s | %s |\n", c.name, ms(c.wall()), ms(c.fastest()), ms(c.cpu()), mib(c.rss()))
	}
	by := map[string]*command{}
	for _, c := range cmds {
		by[c.name] = c
	}
	fmt.Printf("\n| ratio (medians of the same rounds) | wall | CPU |\n|---|---:|---:|\n")
	ratio := func(label, a, b string) {
		ca, cb := by[a], by[b]
		if ca == nil || cb == nil {
			return
		}
		fmt.Printf("| %s | %.2fx | %.2fx |\n", label, ca.wall()/cb.wall(), ca.cpu()/cb.cpu())
	}
	ratio("pipec lint / actionlint (no shellcheck)", "pipec lint, HCL", "actionlint, GitHub workflow")
	ratio("pipec generate --lint, -o DIR / actionlint (no shellcheck)", "pipec generate --lint (4 targets and lint, one process), HCL, -o DIR, files up to date", "actionlint, GitHub workflow")
	ratio("pipec generate --lint: pipec's collector policy / GOGC=100", "pipec generate --lint (4 targets and lint, one process), HCL, -o DIR, files up to date", "the same, GOGC=100 (Go's default collector)")
	ratio("pipec generate --stdout / actionlint (no shellcheck)", "pipec generate (4 targets), HCL, --stdout", "actionlint, GitHub workflow")
	ratio("pipec lint / actionlint (both with shellcheck)", "pipec lint, HCL, with shellcheck", "actionlint, with shellcheck")
	ratio("pipec generate CUE (4 targets) / cue export", "pipec generate (4 targets), CUE, --stdout", "cue export, CUE")
	ratio("pipec generate CUE (github only) / cue export", "pipec generate -t github, CUE, --stdout", "cue export, CUE")
	ratio("pipec generate -o DIR (up to date) / --stdout", "pipec generate (4 targets), HCL, -o DIR, files up to date", "pipec generate (4 targets), HCL, --stdout")
	ratio("pipec version / actionlint", "pipec version (start-up only)", "actionlint, GitHub workflow")

	// Growth: pipec generate on n stages, interleaved across sizes, fewer rounds for the
	// large ones (each takes seconds).
	var grow []*command
	for _, n := range sizes {
		f := filepath.Join(work, fmt.Sprintf("pipeline-%d.hcl", n))
		if err := os.WriteFile(f, specgen.HCL(n), 0o644); err != nil {
			return err
		}
		// Each size writes its own directory: in a shared one a small spec's run would
		// first read the large spec's files to compare them with its own. GOGC=100 for
		// every size: pipec collects less often on specs under 1 MiB (cmd/pipec/gc.go),
		// which would bend the curve at that size; these rows compare the work.
		grow = append(grow, &command{name: strconv.Itoa(n), n: n, env: []string{"GOGC=100"},
			argv: []string{pipec, "generate", f, "-o", filepath.Join(work, "grow-"+strconv.Itoa(n)), "-q"}})
	}
	growRuns := max(3, min(runs/3, 10))
	if err := rounds(grow, growRuns); err != nil {
		return err
	}
	fmt.Printf("\n## Growth: pipec generate (4 targets), HCL, GOGC=100, %d rounds\n\n", growRuns)
	fmt.Printf("| stages | spec | median wall | median CPU | CPU per stage | median peak RSS | RSS per stage | CPU x vs previous row |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for i, c := range grow {
		st, _ := os.Stat(c.argv[2])
		growth := ""
		if i > 0 {
			growth = fmt.Sprintf("%.1fx for %.0fx stages", c.cpu()/grow[i-1].cpu(), float64(c.n)/float64(grow[i-1].n))
		}
		fmt.Printf("| %d | %s | %s | %s | %.1f µs | %s | %.1f KiB | %s |\n", c.n, kib(st.Size()), ms(c.wall()), ms(c.cpu()),
			c.cpu()*1000/float64(c.n), mib(c.rss()), float64(c.rss())/1024/float64(c.n), growth)
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("\nload average at the end: %s\n", strings.Join(strings.Fields(string(load))[:3], " "))
	}
	return nil
}

// command is one process to time, with its samples.
type command struct {
	name    string
	argv    []string
	env     []string // added to the environment
	anyExit bool     // a linter's exit 1 (findings) is not a failure
	n       int      // stages, for the growth table

	walls, cpus []float64 // milliseconds
	peaks       []int64   // peak RSS of each run, bytes
}

func (c *command) wall() float64    { return median(c.walls) }
func (c *command) cpu() float64     { return median(c.cpus) }
func (c *command) fastest() float64 { return slices.Min(c.walls) }
func (c *command) rss() int64 {
	r := make([]float64, len(c.peaks))
	for i, p := range c.peaks {
		r[i] = float64(p)
	}
	return int64(median(r))
}

// rounds runs every command once per round, in a rotating order so none always runs
// first (after a pause) or last; one warm-up round is not recorded.
func rounds(cmds []*command, n int) error {
	for r := -1; r < n; r++ {
		for i := range cmds {
			c := cmds[(i+max(r, 0))%len(cmds)]
			s, err := measure(c.env, c.argv...)
			if err != nil && !(c.anyExit && s.exited) {
				return fmt.Errorf("%s: %w", strings.Join(c.argv, " "), err)
			}
			if r >= 0 {
				c.walls = append(c.walls, s.wall)
				c.cpus = append(c.cpus, s.cpu)
				c.peaks = append(c.peaks, s.rss)
			}
		}
	}
	return nil
}

type sample struct {
	wall, cpu float64 // milliseconds
	rss       int64   // bytes
	exited    bool    // the process ran and exited (perhaps non-zero)
}

// measure runs argv with its output discarded (stderr kept for errors) and returns its
// wall time, its CPU time (user and system, children included) and its peak RSS.
func measure(env []string, argv ...string) (sample, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var s sample
	s.wall = float64(wall.Microseconds()) / 1000
	if st := cmd.ProcessState; st != nil {
		s.exited = st.Exited()
		s.cpu = float64((st.UserTime() + st.SystemTime()).Microseconds()) / 1000
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			s.rss = int64(ru.Maxrss) * 1024 // Linux reports KiB
		}
	}
	if err != nil {
		return s, fmt.Errorf("%w\n%s", err, tail(stderr.String()))
	}
	return s, nil
}

// tool builds a module's command at the version go.mod requires, once per version.
func tool(dir, module, pkg string) (string, error) {
	var buf bytes.Buffer
	if err := goCmd("", &buf, "list", "-m", "-f", "{{.Version}}", module); err != nil {
		return "", fmt.Errorf("finding %s's version in go.mod: %w", module, err)
	}
	version := strings.TrimSpace(buf.String())
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(cache, "pipec-bench")
	}
	bin := filepath.Join(dir, filepath.Base(pkg)+"-"+version+"-nocgo")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	gobin, err := os.MkdirTemp("", "pipec-bench-gobin-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(gobin)
	// go install PKG@VERSION resolves the tool's own module graph and leaves this
	// module's go.mod and go.sum alone.
	fmt.Fprintf(os.Stderr, "building %s@%s\n", pkg, version)
	if err := goCmd(gobin, nil, "install", pkg+"@"+version); err != nil {
		return "", fmt.Errorf("building %s@%s: %w", pkg, version, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(gobin, filepath.Base(pkg)), bin); err != nil {
		return "", err
	}
	return bin, nil
}

// goCmd runs the go command; gobin, when set, is where go install puts binaries.
func goCmd(gobin string, stdout io.Writer, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Stdout = stdout
	cmd.Stderr = os.Stderr
	if gobin != "" {
		cmd.Env = append(os.Environ(), "GOBIN="+gobin)
	}
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return fmt.Errorf("go %s: %v", strings.Join(args, " "), err)
	}
	return err
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.2f s", v/1000)
	}
	return fmt.Sprintf("%.1f ms", v)
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func kib(b int64) string {
	if b >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", float64(b)/1024)
}

func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 10 {
		lines = lines[len(lines)-10:]
	}
	return strings.Join(lines, "\n")
}
