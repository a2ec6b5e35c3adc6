package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// patternSuffix ends an argument that stands for every spec below a directory: ./... for
// the current directory, DIR/... for DIR, as the go command reads packages.
const patternSuffix = "/..."

// skipDirs are directories a pattern does not descend into: other people's code
// (vendor, node_modules) and test fixtures (testdata). Directories whose names start
// with "." or "_" are skipped too (.git, .github, _build), as the go command does.
var skipDirs = []string{"node_modules", "testdata", "vendor"}

// isPattern reports whether arg is DIR/... (or ...).
func isPattern(arg string) bool {
	arg = filepath.ToSlash(arg)
	return arg == "..." || strings.HasSuffix(arg, patternSuffix)
}

// specList is the specs a command runs on, sorted by path, and notes on what a pattern
// passed over (for --verbose).
type specList struct {
	specs []string
	notes []string
}

// expandSpecs turns the FILE arguments into the specs to run on: files as given, for a
// directory its spec, and for each pattern the spec of every directory below it. A directory's spec is the first
// of defaultSpecs it holds, the one `pipec generate` run there would read; the others
// are noted as skipped. Specs are cleaned, listed once, and sorted, so the order of the
// arguments does not change the output. A pattern that finds nothing is an error.
func expandSpecs(args []string) (specList, error) {
	var l specList
	seen := map[string]bool{}
	add := func(p string) {
		p = filepath.Clean(p)
		if !seen[p] {
			seen[p] = true
			l.specs = append(l.specs, p)
		}
	}
	for _, arg := range args {
		if st, err := os.Stat(arg); err == nil && st.IsDir() && !isPattern(arg) {
			spec, notes := dirSpec(arg)
			if spec == "" {
				return specList{}, fmt.Errorf("%s holds no spec (%s); name the spec file, or %s for every spec below it",
					arg, strings.Join(defaultSpecs, ", "), strings.TrimSuffix(filepath.ToSlash(arg), "/")+patternSuffix)
			}
			add(spec)
			l.notes = append(l.notes, notes...)
			continue
		}
		if !isPattern(arg) {
			add(arg)
			continue
		}
		root := strings.TrimSuffix(strings.TrimSuffix(filepath.ToSlash(arg), "..."), "/")
		if root == "" {
			root = "."
		}
		root = filepath.FromSlash(root)
		found, notes, err := findSpecs(root)
		if err != nil {
			return specList{}, err
		}
		if len(found) == 0 {
			return specList{}, fmt.Errorf("%s matched no spec (%s in %s or below it)", arg, strings.Join(defaultSpecs, ", "), root)
		}
		for _, f := range found {
			add(f)
		}
		l.notes = append(l.notes, notes...)
	}
	slices.SortFunc(l.specs, comparePaths)
	return l, nil
}

// comparePaths orders paths by their slash-separated elements, so a directory's spec
// comes before those of its subdirectories on every system.
func comparePaths(a, b string) int {
	return slices.Compare(strings.Split(filepath.ToSlash(a), "/"), strings.Split(filepath.ToSlash(b), "/"))
}

// findSpecs walks root for the spec of each directory (see expandSpecs).
func findSpecs(root string) (specs, notes []string, err error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, nil, err
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("%s is not a directory", root)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || slices.Contains(skipDirs, name)) {
			return filepath.SkipDir
		}
		if spec, skipped := dirSpec(p); spec != "" {
			specs = append(specs, spec)
			notes = append(notes, skipped...)
		}
		return nil
	})
	return specs, notes, err
}

// dirSpec is the spec of directory dir, the first of defaultSpecs it holds (the one
// `pipec generate` run there would read), or "" when it holds none; the notes say which
// other spec files it passed over.
func dirSpec(dir string) (spec string, notes []string) {
	for _, s := range defaultSpecs {
		f := filepath.Join(dir, s)
		st, err := os.Stat(f)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		if spec == "" {
			spec = f
			continue
		}
		notes = append(notes, fmt.Sprintf("skipped %s: %s is the spec of its directory", f, filepath.Base(spec)))
	}
	return spec, notes
}

// specReading is the spec that reads file when pipec runs on file's directory: file
// itself when it is that directory's spec (the first of defaultSpecs there), the spec
// when file is another .cue file of the spec's CUE package (readSpec reads them
// together), else "". A .cue file that no longer exists (deleted from the package) is
// taken for one of the package: its spec is rerun, as it now reads one file fewer.
func specReading(file string) string {
	spec, _ := dirSpec(filepath.Dir(file))
	if spec == "" {
		return ""
	}
	if same, _ := sameFile(spec, file); same {
		return spec
	}
	if !isCUE(spec) || !isCUE(file) {
		return ""
	}
	specSrc, err := os.ReadFile(spec)
	if err != nil {
		return ""
	}
	pkg := cuePackage(specSrc)
	if pkg == "" {
		return ""
	}
	src, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && cuePackage(src) == pkg) {
		return spec
	}
	return ""
}

func isCUE(name string) bool { return strings.EqualFold(filepath.Ext(name), ".cue") }

// changedSpecs maps files that changed (as a pre-commit hook passes them, with
// --changed) to the specs that read them (specReading), sorted and listed once; a file
// no spec reads is passed over, and noted. So a change to any file of a CUE package
// reruns its spec, under the spec's name, and a .cue file of something else is left
// alone.
func changedSpecs(files []string) specList {
	var l specList
	seen := map[string]bool{}
	for _, f := range files {
		spec := specReading(f)
		if spec == "" {
			l.notes = append(l.notes, fmt.Sprintf("skipped %s: no spec reads it (a spec reads itself and, in CUE, the files of its package beside it)", f))
			continue
		}
		if spec = filepath.Clean(spec); !seen[spec] {
			seen[spec] = true
			l.specs = append(l.specs, spec)
		}
	}
	slices.SortFunc(l.specs, comparePaths)
	return l
}

// packageSpecs replaces each spec of l that is a file of a CUE package other than its
// directory's spec with that spec (noted): `pipec generate stages.cue` compiled the
// package under stages.cue's name, and the header named it, so the files differed
// from the ones pipeline.cue writes. A spec given twice that way runs once.
func packageSpecs(l specList) specList {
	out := specList{notes: l.notes}
	seen := map[string]bool{}
	for _, s := range l.specs {
		if spec := specReading(s); spec != "" && filepath.Clean(spec) != s {
			out.notes = append(out.notes, fmt.Sprintf("%s is a file of the CUE package of %s: running %s", s, spec, spec))
			s = filepath.Clean(spec)
		}
		if !seen[s] {
			seen[s] = true
			out.specs = append(out.specs, s)
		}
	}
	slices.SortFunc(out.specs, comparePaths)
	return out
}
