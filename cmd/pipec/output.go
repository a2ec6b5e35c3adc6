package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pipec-dev/pipec/internal/par"
)

// writers is how many temporary files writeOutputs writes at once.
const writers = 8

// printOutputs writes the files to w: one file as is; several each after a line
// `# ==> PATH <==`, so the stream stays valid YAML comments between documents.
func printOutputs(w io.Writer, outs []output) error {
	if len(outs) == 1 {
		_, err := w.Write(outs[0].data)
		return err
	}
	var b bytes.Buffer
	for _, o := range outs {
		fmt.Fprintf(&b, "# ==> %s <==\n", o.path)
		b.Write(o.data)
		if len(o.data) > 0 && o.data[len(o.data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeOutputs writes every file to its destination, all or nothing: each goes to a
// temporary file in its own directory first, and only when all of them are written are
// they renamed into place. A failure before the renames leaves no trace (the temporary
// files are removed), and so does an interrupt (Ctrl-C, SIGTERM): caught while the
// temporary files are written, it stops the writing and removes them; during the renames,
// which are quick, it waits for them. A rename that fails part-way puts back what the
// renames before it replaced (see restore), so the files are all old or all new. A
// destination that is a symbolic link is written through: the file it points to is
// replaced. old[i] is what outs[i]'s destination held (its bytes were read to compare
// them). It returns the destinations written.
//
// Up to `writers` temporary files are written at once: each is synced to disk before
// the renames, and a sync waits for the device, which several files can share (and at
// 10,000 stages copying the 75 MB into the page cache took a tenth of a second of one
// core). The bound keeps a ./... of thousands of specs from opening thousands of files
// at once.
func writeOutputs(outs []output, old []onDisk) ([]string, error) {
	intr := catchInterrupt()
	defer intr.stop()
	done := make([]pending, len(outs))
	errs := make([]error, len(outs))
	par.Do(len(outs), writers, func(i int) {
		if intr.caught() {
			errs[i] = errInterrupted
			return
		}
		dst, err := followLinks(outs[i].dst)
		if err != nil {
			errs[i] = err
			return
		}
		tmp, err := writeTemp(dst, outs[i].data)
		done[i], errs[i] = pending{tmp, dst}, err
		if afterTemp != nil {
			afterTemp()
		}
	})
	if intr.caught() {
		removeTemps(done)
		return nil, errInterrupted
	}
	// Every output that could not be written, in the outputs' order: a run names all
	// that is in the way (.github and .circleci both files), not the first.
	if err := errors.Join(errs...); err != nil {
		removeTemps(done)
		return nil, err
	}
	var paths []string
	for i, p := range done {
		if err := rename(p.tmp, p.dst); err != nil {
			removeTemps(done[i:])
			err = fmt.Errorf("write %s: %w", p.dst, err)
			if rerr := restore(done[:i], old[:i]); rerr != nil {
				return paths, fmt.Errorf("%w; putting back the files written before it failed too: %v", err, rerr)
			}
			return nil, fmt.Errorf("%w; nothing was written", err)
		}
		paths = append(paths, outs[i].dst)
	}
	return paths, nil
}

// pending is a temporary file written for the destination dst (symbolic links followed).
type pending struct{ tmp, dst string }

// rename is os.Rename; the tests make it fail part-way.
var rename = os.Rename

// removeTemps removes the temporary files not renamed into place.
func removeTemps(ps []pending) {
	for _, p := range ps {
		if p.tmp != "" {
			os.Remove(p.tmp)
		}
	}
}

// restore undoes the renames of done after a later one failed: a destination that did
// not exist is removed, one that did gets its old bytes back, written as the new ones
// were (a temporary file, then a rename). The old bytes are at hand, read to compare them
// with the new ones, so the renames that succeed, the usual case, cost nothing more. It
// returns the first error, after trying every file.
func restore(done []pending, old []onDisk) error {
	var first error
	for i := len(done) - 1; i >= 0; i-- {
		var err error
		if old[i].state == missing {
			err = os.Remove(done[i].dst)
		} else {
			var tmp string
			if tmp, err = writeTemp(done[i].dst, old[i].data); err == nil {
				if err = rename(tmp, done[i].dst); err != nil {
					os.Remove(tmp)
				}
			}
		}
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

// maxLinks is how many symbolic links followLinks follows before it gives up on a loop.
const maxLinks = 40

// followLinks returns the file dst names once its symbolic links are followed: dst
// itself unless it is a link. A generated file that is a link (a workflow shared between
// repositories, kept beside the others in .github/workflows) stays one, and its target is
// what gets written, atomically, as editors and other generators write through a link;
// renaming over the link would replace it with a file and leave its target stale. A
// dangling link's target is created.
func followLinks(dst string) (string, error) {
	p := dst
	for range maxLinks {
		fi, err := os.Lstat(p)
		if errors.Is(err, os.ErrNotExist) || (err == nil && fi.Mode()&os.ModeSymlink == 0) {
			return p, nil
		}
		if err != nil {
			return "", pathError(dst, false, err)
		}
		target, err := os.Readlink(p)
		if err != nil {
			return "", fmt.Errorf("write %s: %w", dst, err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = target
	}
	return "", fmt.Errorf("write %s: too many levels of symbolic links", dst)
}

// writeTemp creates dst's directory and writes data to a new temporary file beside dst,
// with dst's mode when dst exists (0644 otherwise). It returns the temporary file's name.
func writeTemp(dst string, data []byte) (string, error) {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(dst); err == nil {
		if fi.IsDir() {
			return "", pathError(dst, false, err)
		}
		mode = fi.Mode().Perm()
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", pathError(dst, false, err)
	}
	d := filepath.Dir(dst)
	if err := os.MkdirAll(d, 0o755); err != nil {
		return "", pathError(dst, false, err)
	}
	f, err := os.CreateTemp(d, "."+filepath.Base(dst)+".pipec-*")
	if err != nil {
		return "", pathError(dst, false, err)
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp, mode)
	}
	if werr != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("write %s: %w", dst, werr)
	}
	return tmp, nil
}
