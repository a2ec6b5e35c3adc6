package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pipec-dev/pipec/cmd/pipec/internal/udiff"
	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/internal/par"
	"github.com/pipec-dev/pipec/lang/cue"
	"github.com/pipec-dev/pipec/targets"
)

// generate compiles the specs in parallel, reports in the specs' order, then prints,
// checks or writes the files. Nothing is written unless every spec compiled and every
// file may be written.
func generate(o generateOptions, list specList, selected []targets.Target, c console) int {
	results := make([]*built, len(list.specs))
	par.Do(len(list.specs), c.workers, func(i int) {
		results[i] = buildSpec(o, list.specs[i], selected)
	})

	failed, errs := false, false
	var outs []output
	for _, b := range results {
		failed = failed || b.err != nil
		errs = errs || b.ds.HasErrors()
		outs = append(outs, b.outs...)
	}
	report := func(w io.Writer) {
		if o.verbose {
			for _, n := range list.notes {
				fmt.Fprintf(w, "pipec: %s\n", n)
			}
		}
		textOpts := diag.TextOptions{Color: c.useColor(o.color, c.stderr)}
		var shown diag.Diagnostics
		for _, b := range results {
			b.report(w, o.verbose)
			ds := b.ds
			if o.quiet {
				ds = atLeast(ds, diag.Error)
			}
			diag.WriteTextOptions(w, ds, sourcesOf(b.files), textOpts)
			shown = append(shown, ds...)
		}
		if s := summary(shown); s != "" {
			fmt.Fprintf(w, "pipec: %s\n", s)
		}
	}
	if failed || errs || o.stdout || o.check {
		report(c.stderr)
		if failed {
			return exitUsage
		}
		if errs {
			return exitSpec
		}
		return emit(o, list, results, outs, c, c.stderr)
	}
	// Files are to be written. The report goes first on stderr, but it is rendered on
	// another goroutine meanwhile: the thousands of warnings of a large spec take a core
	// for tens of milliseconds, and writing the files waits for the disk. What writing
	// says comes after the report.
	var text, msgs bytes.Buffer
	code := exitOK
	par.Guarded(2, 2, func(i int) {
		if i == 0 {
			report(&text)
		} else {
			code = emit(o, list, results, outs, c, &msgs)
		}
	})
	c.stderr.Write(text.Bytes())
	c.stderr.Write(msgs.Bytes())
	return code
}

// emit prints, checks or writes the files of specs that compiled; its messages go to
// w.
func emit(o generateOptions, list specList, results []*built, outs []output, c console, w io.Writer) int {
	for _, out := range outs {
		if p := filepath.FromSlash(out.path); out.path == "" || !filepath.IsLocal(p) {
			fmt.Fprintf(w, "pipec: internal error: target %s wants to write outside the output directory: %q\n", out.target, out.path)
			return exitUsage
		}
	}
	if msgs := collisions(results); len(msgs) > 0 {
		for _, m := range msgs {
			fmt.Fprintf(w, "pipec: %s\n", m)
		}
		return exitUsage
	}
	if o.stdout {
		if len(list.specs) > 1 {
			// Several specs: name each file by where it would be written.
			for i := range outs {
				outs[i].path = filepath.ToSlash(outs[i].dst)
			}
		}
		if err := printOutputs(c.stdout, outs); err != nil {
			fmt.Fprintf(w, "pipec: writing to stdout: %v\n", err)
			return exitUsage
		}
		return exitOK
	}

	start := time.Now()
	disk, err := readExisting(outs)
	if err != nil {
		fmt.Fprintf(w, "pipec: %v\n", err)
		return exitUsage
	}
	if o.check {
		return check(o, outs, disk, c)
	}

	var refused []string
	for i, out := range outs {
		if disk[i].state == changed && !disk[i].generated && !o.force {
			refused = append(refused, out.dst)
		}
	}
	if len(refused) > 0 {
		for _, p := range refused {
			fmt.Fprintf(w, "pipec: %s exists and pipec did not generate it (its first line does not start with %q); "+
				"move it away, or give --force to overwrite it\n", p, targets.HeaderMarker)
		}
		fmt.Fprintln(w, "pipec: nothing was written")
		return exitUsage
	}
	var stale []output
	for i, out := range outs {
		if disk[i].state != upToDate {
			stale = append(stale, out)
		}
	}
	written, err := writeOutputs(stale)
	done := map[string]bool{}
	for _, p := range written {
		done[p] = true
	}
	for i, out := range outs {
		switch {
		case done[out.dst] && !o.quiet:
			fmt.Fprintf(w, "wrote %s\n", out.dst)
		case disk[i].state == upToDate && o.verbose:
			fmt.Fprintf(w, "unchanged %s\n", out.dst)
		}
	}
	if err != nil {
		fmt.Fprintf(w, "pipec: %v\n", err)
		return exitUsage
	}
	if o.verbose {
		fmt.Fprintf(w, "pipec: %s written, %d unchanged, in %s\n", plural(len(written), "file"), len(outs)-len(written), round(time.Since(start)))
	}
	return exitOK
}

// check prints a unified diff for each file that is missing or differs from what pipec
// would write, and exits 1 if there is one. It writes nothing.
func check(o generateOptions, outs []output, disk []onDisk, c console) int {
	opts := udiff.Options{Color: c.useColor(o.color, c.stdout)}
	cwd, _ := os.Getwd()
	stale := 0
	for i, out := range outs {
		if disk[i].state == upToDate {
			if o.verbose {
				fmt.Fprintf(c.stderr, "up to date %s\n", out.dst)
			}
			continue
		}
		stale++
		p := diffPath(cwd, out)
		if err := udiff.Write(c.stdout, "a/"+p, "b/"+p, disk[i].data, out.data, opts); err != nil {
			fmt.Fprintf(c.stderr, "pipec: writing to stdout: %v\n", err)
			return exitUsage
		}
	}
	if stale > 0 {
		fmt.Fprintf(c.stderr, "pipec: %s out of date; run pipec generate to update\n", plural(stale, "file"))
		return exitSpec
	}
	return exitOK
}

// diffPath names a file in a diff header: relative to the current directory when the
// file lies below it (a patch applies from there: git apply, patch -p1), else relative
// to its output directory. Slash-separated either way, and never absolute.
func diffPath(cwd string, out output) string {
	if cwd != "" {
		if abs, err := filepath.Abs(out.dst); err == nil {
			if rel, err := filepath.Rel(cwd, abs); err == nil && filepath.IsLocal(rel) {
				return filepath.ToSlash(rel)
			}
		}
	}
	return out.path
}

type fileState int

const (
	upToDate fileState = iota
	missing
	changed
)

// onDisk is what an output's destination holds now.
type onDisk struct {
	state     fileState
	data      []byte
	generated bool // the file starts with pipec's header
}

// readExisting reads each output's destination. A missing file is no error; one that
// cannot be read (a directory, no permission) is.
func readExisting(outs []output) ([]onDisk, error) {
	disk := make([]onDisk, len(outs))
	for i, out := range outs {
		data, err := os.ReadFile(out.dst)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			disk[i] = onDisk{state: missing}
		case err != nil:
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("read %s: %w", out.dst, err)
		case bytes.Equal(data, out.data):
			disk[i] = onDisk{state: upToDate, data: data, generated: true}
		default:
			disk[i] = onDisk{state: changed, data: data, generated: targets.IsGenerated(data)}
		}
	}
	return disk, nil
}

// collisions reports every output path two specs (or two targets) would both write.
func collisions(results []*built) []string {
	type owner struct{ spec, target string }
	seen := map[string]owner{}
	var msgs []string
	for _, b := range results {
		for _, out := range b.outs {
			key := out.dst
			if abs, err := filepath.Abs(key); err == nil {
				key = abs
			}
			if prev, ok := seen[key]; ok {
				who := fmt.Sprintf("%s and %s", prev.spec, b.spec)
				if prev.spec == b.spec {
					who = fmt.Sprintf("%s (targets %s and %s)", b.spec, prev.target, out.target)
				}
				msgs = append(msgs, fmt.Sprintf("%s would both write %s; give each spec its own --out directory, or choose targets with --target", who, out.dst))
				continue
			}
			seen[key] = owner{b.spec, out.target}
		}
	}
	return msgs
}

// sourcesOf maps each file's name to its bytes, for the source lines of diagnostics.
func sourcesOf(files []cue.File) diag.Sources {
	src := diag.Sources{}
	for _, f := range files {
		src[f.Name] = f.Src
	}
	return src
}

// atLeast keeps the diagnostics at least as severe as sev (Error is the most severe).
func atLeast(ds diag.Diagnostics, sev diag.Severity) diag.Diagnostics {
	var out diag.Diagnostics
	for _, d := range ds {
		if d.Severity <= sev {
			out = append(out, d)
		}
	}
	return out
}

// report prints what generate and lint say of every spec before its diagnostics: with
// verbose, the files read and each phase's time; always, an I/O or internal error. It
// returns whether there was one.
func (b *built) report(w io.Writer, verbose bool) (failed bool) {
	if verbose {
		printTimings(w, b)
	}
	if b.err != nil {
		fmt.Fprintf(w, "pipec: %v\n", b.err)
		return true
	}
	return false
}

// printTimings is --verbose's account of one spec: the files read and each phase's time.
func printTimings(w io.Writer, b *built) {
	for _, f := range b.files {
		fmt.Fprintf(w, "pipec: read %s (%s)\n", f.Name, plural(len(f.Src), "byte"))
	}
	var parts []string
	for _, t := range b.timings {
		parts = append(parts, t.phase+" "+round(t.d))
	}
	fmt.Fprintf(w, "pipec: %s: %s\n", b.spec, strings.Join(parts, ", "))
}

// round shortens a duration for people: microseconds are plenty.
func round(d time.Duration) string {
	return d.Round(time.Microsecond).String()
}
