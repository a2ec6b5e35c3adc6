package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
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
			printNotes(w, list.notes)
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

// printErrors prints err as pipec's error lines: each error of an errors.Join on its own
// line (every output in the way, not the first).
func printErrors(w io.Writer, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			printErrors(w, e)
		}
		return
	}
	fmt.Fprintf(w, "pipec: %v\n", err)
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
	if msgs := collisions(o, results); len(msgs) > 0 {
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
		printErrors(w, err)
		return exitUsage
	}
	gone, err := orphans(results)
	if err != nil {
		fmt.Fprintf(w, "pipec: %v\n", err)
		return exitUsage
	}
	if o.check {
		return check(o, outs, disk, gone, c)
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
	var was []onDisk
	for i, out := range outs {
		if disk[i].state != upToDate {
			stale = append(stale, out)
			was = append(was, disk[i])
		}
	}
	written, err := writeOutputs(stale, was)
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
	if errors.Is(err, errInterrupted) {
		fmt.Fprintf(w, "pipec: %v\n", err)
		return exitInterrupted
	}
	if err != nil {
		printErrors(w, err)
		return exitUsage
	}
	for _, g := range gone {
		if err := os.Remove(g.dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(w, "pipec: %v\n", err)
			return exitUsage
		}
		if !o.quiet {
			fmt.Fprintf(w, "removed %s (generated from %s, which no longer writes it)\n", g.dst, g.spec)
		}
	}
	if o.verbose {
		fmt.Fprintf(w, "pipec: %s written, %d unchanged, in %s\n", plural(len(written), "file"), len(outs)-len(written), round(time.Since(start)))
	}
	return exitOK
}

// orphan is a file an earlier run generated from a spec that no longer writes it: the
// workflow of a pipeline since renamed (.github/workflows/OLD.yml), which GitHub would
// go on running beside the new one.
type orphan struct {
	path string // relative to the output directory, slash-separated
	dst  string // where it is
	spec string // the spec that wrote it
	data []byte
}

// orphans finds, beside each file a spec writes, the YAML files whose first line names
// that spec as the header of its outputs does, and that no target writes for it now
// (the file of a target not selected this time is not one). Files are listed in the
// specs' order, then by name.
func orphans(results []*built) ([]orphan, error) {
	written := map[string]bool{}
	for _, b := range results {
		for _, out := range b.outs {
			written[absPath(out.dst)] = true
		}
	}
	var found []orphan
	for _, b := range results {
		if len(b.outs) == 0 {
			continue
		}
		from := targets.GeneratedFrom(b.outs[0].data)
		if from == "" {
			continue
		}
		seenDir := map[string]bool{}
		for _, out := range b.outs {
			dir := filepath.Dir(out.dst)
			if seenDir[dir] {
				continue
			}
			seenDir[dir] = true
			more, err := orphansIn(out, from, b, written)
			if err != nil {
				return nil, err
			}
			found = append(found, more...)
		}
	}
	return found, nil
}

// orphansIn lists the orphans of spec b, whose outputs' headers name it from, in the
// directory of its output out.
func orphansIn(out output, from string, b *built, written map[string]bool) ([]orphan, error) {
	dir := filepath.Dir(out.dst)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, pathError(out.dst, true, err)
	}
	var found []orphan
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.Type().IsRegular() || (ext != ".yml" && ext != ".yaml") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if abs := absPath(p); written[abs] || b.owned[abs] {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if targets.GeneratedFrom(data) == from {
			found = append(found, orphan{path: path.Join(path.Dir(out.path), e.Name()), dst: p, spec: b.spec, data: data})
		}
	}
	return found, nil
}

// absPath is p made absolute, so two spellings of one path compare equal; p itself when
// that fails.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// check prints a unified diff for each file that is missing or differs from what pipec
// would write, or that generate would remove (an orphan: its diff deletes it), and exits
// 1 if there is one. It writes nothing.
func check(o generateOptions, outs []output, disk []onDisk, gone []orphan, c console) int {
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
		old := disk[i].data
		if disk[i].state == missing {
			fmt.Fprintf(c.stderr, "pipec: %s is missing\n", out.dst)
		} else if _, crlf := crlfToLF(old); !crlf {
			fmt.Fprintf(c.stderr, "pipec: %s is not what pipec would write\n", out.dst)
		}
		if lf, ok := crlfToLF(old); ok {
			// A diff of CRLF lines against LF ones shows every line changed, each looking
			// the same as its replacement: say what differs instead.
			if bytes.Equal(lf, out.data) {
				fmt.Fprintf(c.stderr, "pipec: %s differs only in line endings: it has CRLF, pipec writes LF. %s\n", out.dst, crlfFix)
				continue
			}
			fmt.Fprintf(c.stderr, "pipec: %s has CRLF line endings, pipec writes LF; the diff below leaves them out. %s\n", out.dst, crlfFix)
			old = lf
		}
		if err := udiff.Write(c.stdout, "a/"+p, "b/"+p, old, out.data, opts); err != nil {
			fmt.Fprintf(c.stderr, "pipec: writing to stdout: %v\n", err)
			return exitUsage
		}
	}
	for _, g := range gone {
		stale++
		fmt.Fprintf(c.stderr, "pipec: %s was generated from %s, which no longer writes it\n", g.dst, g.spec)
		p := diffPath(cwd, output{path: g.path, dst: g.dst})
		if err := udiff.Write(c.stdout, "a/"+p, "/dev/null", g.data, nil, opts); err != nil {
			fmt.Fprintf(c.stderr, "pipec: writing to stdout: %v\n", err)
			return exitUsage
		}
	}
	if stale > 0 {
		fmt.Fprintf(c.stderr, "pipec: %s out of date; to update, run: %s\n", plural(stale, "file"), o.fixCmd)
		return exitSpec
	}
	return exitOK
}

// crlfFix is what to do about a generated file checked out with CRLF line endings.
// --check does not accept such a file: generate would rewrite it, and --check passes only
// when generate would write nothing. The platforms read the file from the repository,
// where git keeps LF when it converts, so the fix is the checkout's, not pipec's.
const crlfFix = "A checkout with core.autocrlf=true converts them: mark the generated files " +
	"(and the spec, whose digest the header holds) `text eol=lf` in .gitattributes, " +
	"for instance `*.yml text eol=lf` and `pipeline.* text eol=lf`, and check them out again, or run pipec generate"

// crlfToLF returns data with every CRLF as LF, and whether it had one.
func crlfToLF(data []byte) ([]byte, bool) {
	if !bytes.Contains(data, []byte("\r\n")) {
		return data, false
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), true
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
// cannot be read (a directory, no permission) is, and every such output is reported at
// once (errors.Join, in the outputs' order), so that one run names all that is in the way.
func readExisting(outs []output) ([]onDisk, error) {
	disk := make([]onDisk, len(outs))
	var errs []error
	for i, out := range outs {
		data, err := os.ReadFile(out.dst)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			disk[i] = onDisk{state: missing}
		case err != nil:
			errs = append(errs, pathError(out.dst, true, err))
		case bytes.Equal(data, out.data):
			disk[i] = onDisk{state: upToDate, data: data, generated: true}
		default:
			disk[i] = onDisk{state: changed, data: data, generated: targets.IsGenerated(data)}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return disk, nil
}

// collisions reports every output path two specs (or two targets) would both write, with
// what the user can do about it in this layout (see collisionHint).
func collisions(o generateOptions, results []*built) []string {
	type owner struct{ spec, target string }
	seen := map[string]owner{}
	var msgs []string
	for _, b := range results {
		for _, out := range b.outs {
			key := absPath(out.dst)
			prev, ok := seen[key]
			if !ok {
				seen[key] = owner{b.spec, out.target}
				continue
			}
			if prev.spec == b.spec {
				msgs = append(msgs, fmt.Sprintf("%s (targets %s and %s) would both write %s; choose one of them with --target",
					b.spec, prev.target, out.target, out.dst))
				continue
			}
			sameDir := filepath.Dir(prev.spec) == filepath.Dir(b.spec)
			msgs = append(msgs, fmt.Sprintf("%s and %s would both write %s: %s",
				prev.spec, b.spec, out.dst, collisionHint(o.out != "", sameDir, out.target)))
		}
	}
	return msgs
}

// collisionHint says what a user can do about two specs writing one file. --out is one
// directory for the whole run, so "give each spec its own --out" is not something one
// run can do: with --out, the specs go in separate runs, or beside themselves; without
// it, two specs of one directory clash, and one has to move. GitHub's workflow is named
// after its pipeline, so there a rename helps too; the other targets' files have fixed
// names, and only leaving the target out of the run does.
func collisionHint(outGiven, sameDir bool, target string) string {
	var hint string
	switch {
	case outGiven:
		hint = "--out is one directory for every spec of the run; " +
			"run pipec generate once per spec, each with its own --out, or drop --out so that each spec's files go beside it"
	case sameDir:
		hint = "both specs lie in one directory, and each writes its files beside itself; " +
			"move one of them to a directory of its own"
	default:
		hint = "give one of them another directory"
	}
	if target == "github" {
		return hint + ", or give the two pipelines different names (GitHub's workflow file is named after its pipeline)"
	}
	return hint + ", or leave the " + target + " target out with --target"
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
