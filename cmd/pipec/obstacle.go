package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// pathError is err, met reading (read is true) or writing an output's destination dst,
// said in terms of what is in the way and what to do: "read .github/workflows/x.yml: not
// a directory" left the user to find that .github was a file. The errno is not trusted
// to tell the cases apart (systems differ); the path is looked at instead.
func pathError(dst string, read bool, err error) error {
	if blocker := fileInTheWay(dst); blocker != "" {
		return fmt.Errorf("cannot write %s: %s is a file, where pipec needs a directory; move it away, or give --out another directory", dst, blocker)
	}
	if fi, serr := os.Stat(dst); serr == nil && fi.IsDir() {
		return fmt.Errorf("cannot write %s: it is a directory, where pipec writes a file; move it away, or give --out another directory", dst)
	}
	if errors.Is(err, fs.ErrPermission) {
		if read {
			return fmt.Errorf("cannot read %s (permission denied), which pipec compares with what it would write; make it readable, or move it away", dst)
		}
		return fmt.Errorf("cannot write %s: permission denied in %s; make that directory writable, or give --out another directory", dst, nearestDir(dst))
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	verb := "write"
	if read {
		verb = "read"
	}
	return fmt.Errorf("%s %s: %w", verb, dst, err)
}

// fileInTheWay is the nearest existing ancestor of dst when it is not a directory (a file
// named .github where .github/workflows should be), or "".
func fileInTheWay(dst string) string {
	for p := filepath.Dir(dst); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err == nil {
			if fi.IsDir() {
				return ""
			}
			return p
		}
		if parent := filepath.Dir(p); parent == p {
			return ""
		}
	}
}

// nearestDir is the nearest existing directory above dst: the one a new file or
// directory would be created in.
func nearestDir(dst string) string {
	p := filepath.Dir(dst)
	for {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
		parent := filepath.Dir(p)
		if parent == p {
			return p
		}
		p = parent
	}
}
