package compile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"
)

// Options tell the compiler where the spec came from; the plan carries them to the
// headers of the generated files. They are options of one compilation, not global state,
// so several specs can be compiled at once.
type Options struct {
	// Source is the spec's path as the headers name it. pipec generate makes it relative
	// to the output directory (the repository's root) and slash-separated, so the same
	// spec gives the same bytes on every machine.
	Source string
	// Digest identifies the spec's content (SourceDigest), or "" for none.
	Digest string
}

// SourceFile is one file of a spec: its name (only the base name counts here) and bytes.
type SourceFile struct {
	Name string
	Src  []byte
}

// digestHex is how many hex digits of the SHA-256 a header shows: 64 bits, plenty to tell
// an edited spec from the one a file was generated from, and short enough to read.
const digestHex = 16

// SourceDigest is the content hash generated headers carry: "sha256:" and the first 16
// hex digits of the SHA-256 of the spec's bytes, as `sha256sum pipeline.hcl` prints them.
// A CUE package of several files is hashed as a whole: the SHA-256 of the lines
// `sha256sum` prints for its files (HEX, two spaces, base name, newline) sorted by base
// name, which is `sha256sum *.cue | sha256sum` in the package's directory. Only base
// names count, so where the package lies does not change the digest. No files: "".
func SourceDigest(files []SourceFile) string {
	switch len(files) {
	case 0:
		return ""
	case 1:
		sum := sha256.Sum256(files[0].Src)
		return "sha256:" + hex.EncodeToString(sum[:])[:digestHex]
	}
	sorted := slices.Clone(files)
	base := func(f SourceFile) string { return path.Base(strings.ReplaceAll(f.Name, `\`, "/")) }
	slices.SortStableFunc(sorted, func(a, b SourceFile) int { return strings.Compare(base(a), base(b)) })
	var list strings.Builder
	for _, f := range sorted {
		sum := sha256.Sum256(f.Src)
		fmt.Fprintf(&list, "%x  %s\n", sum, base(f))
	}
	sum := sha256.Sum256([]byte(list.String()))
	return "sha256:" + hex.EncodeToString(sum[:])[:digestHex]
}
