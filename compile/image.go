package compile

import (
	"fmt"
	"strings"

	"github.com/pipec-dev/pipec/compile/expr"
)

// validImage reports whether name is an image reference as `docker pull` reads it:
// [REGISTRY[:PORT]/]PATH[:TAG][@DIGEST]. The registry host may use capitals; the
// repository path may not. Every platform hands the name to the container runtime as
// written, and a name it cannot parse fails the job when it starts, after the pipeline
// was accepted.
//
// It is written out by hand from the reference grammar; the regular expression it
// replaces (kept in the tests as their oracle, TestValidImageIsTheGrammar) took 0.9
// million instructions to compile, 3% of a typical run, for its counted repeats.
func validImage(name string) bool {
	rest, digest, hasDigest := strings.Cut(name, "@")
	if hasDigest && !validDigest(digest) {
		return false
	}
	path, tag := rest, ""
	hasTag := false
	if i := strings.LastIndexByte(rest, ':'); i > strings.LastIndexByte(rest, '/') {
		path, tag, hasTag = rest[:i], rest[i+1:], true
	}
	if hasTag && !validTag(tag) {
		return false
	}
	parts := strings.Split(path, "/")
	for _, p := range parts[1:] {
		if !validSegment(p) {
			return false
		}
	}
	// The first part is the registry when it cannot be a path segment; when it can be
	// either, either reading is a valid reference.
	return validSegment(parts[0]) || len(parts) > 1 && validRegistry(parts[0])
}

func isLowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

func isAlnum(c byte) bool { return isLowerAlnum(c) || c >= 'A' && c <= 'Z' }

func isWord(c byte) bool { return isAlnum(c) || c == '_' }

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// validSegment: runs of [a-z0-9] joined by one separator each: ".", "_", "__" or any
// number of "-".
func validSegment(s string) bool {
	i := 0
	for {
		start := i
		for i < len(s) && isLowerAlnum(s[i]) {
			i++
		}
		if i == start {
			return false
		}
		if i == len(s) {
			return true
		}
		switch {
		case strings.HasPrefix(s[i:], "__"):
			i += 2
		case s[i] == '.' || s[i] == '_':
			i++
		case s[i] == '-':
			for i < len(s) && s[i] == '-' {
				i++
			}
		default:
			return false
		}
	}
}

// validRegistry: host names of [A-Za-z0-9-], not starting or ending with "-", joined by
// dots, and an optional :PORT.
func validRegistry(s string) bool {
	host, port, hasPort := strings.Cut(s, ":")
	if hasPort && !allBytes(port, func(c byte) bool { return c >= '0' && c <= '9' }) {
		return false
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || !isAlnum(label[0]) || !isAlnum(label[len(label)-1]) ||
			!allBytes(label, func(c byte) bool { return isAlnum(c) || c == '-' }) {
			return false
		}
	}
	return true
}

// validTag: a word character, then up to 127 word characters, dots and dashes.
func validTag(s string) bool {
	return len(s) >= 1 && len(s) <= 128 && isWord(s[0]) &&
		allBytes(s, func(c byte) bool { return isWord(c) || c == '.' || c == '-' })
}

// validDigest: ALGORITHM:HEX, the algorithm letters and digits in parts that start with a
// letter, joined by one of "-_+.", and at least 32 hex digits.
func validDigest(s string) bool {
	alg, hex, ok := strings.Cut(s, ":")
	if !ok || len(hex) < 32 || !allBytes(hex, isHex) {
		return false
	}
	for i := 0; ; {
		if i == len(alg) || !(alg[i] >= 'a' && alg[i] <= 'z' || alg[i] >= 'A' && alg[i] <= 'Z') {
			return false
		}
		for i < len(alg) && isAlnum(alg[i]) {
			i++
		}
		if i == len(alg) {
			return true
		}
		if !strings.ContainsRune("-_+.", rune(alg[i])) {
			return false
		}
		i++
	}
}

func allBytes(s string, ok func(byte) bool) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// imagePlaceholder stands for a reference's value while the image's own text is
// checked: the value is not known before the run, so it is taken to fit where it stands.
const imagePlaceholder = "x0"

// checkImage reports an image name no container runtime accepts: empty, with spaces, a
// capital in the repository path, an empty or malformed tag or digest.
func (c *checker) checkImage(t expr.Template, what string) {
	if t.IsZero() { // not written: the front end reported it missing
		return
	}
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Ref != nil {
			b.WriteString(imagePlaceholder)
		} else {
			b.WriteString(p.Lit)
		}
	}
	name := b.String()
	if validImage(name) {
		return
	}
	c.diags.Errorf(t.Range, "bad-image", imageDetail(name), "invalid %s %q", what, t.Text())
}

// imageDetail says what is wrong with an image name validImage refuses.
func imageDetail(name string) string {
	const want = `; expected [REGISTRY/]NAME[:TAG][@DIGEST], such as "python:3.12-slim" or "ghcr.io/org/app:1.4"`
	path := name
	if i := strings.IndexByte(path, '/'); i >= 0 && strings.ContainsAny(path[:i], ".:") || strings.HasPrefix(path, "localhost/") {
		path = path[i+1:]
	}
	if i := strings.IndexAny(path, ":@"); i >= 0 {
		path = path[:i]
	}
	switch {
	case strings.TrimSpace(name) == "":
		return "the image is empty" + want
	case strings.ContainsAny(name, " \t\r\n"):
		return "an image name has no spaces" + want
	case strings.ContainsRune(name, '$'):
		// Only GitLab's runner expands a $NAME in an image; pipec's references are portable.
		return "a $NAME variable is expanded by GitLab alone; write a reference, such as ${ci.commit_sha}" + want
	case strings.ToLower(path) != path:
		return fmt.Sprintf("the repository path must be lower case: %q", strings.ToLower(path))
	case strings.HasSuffix(name, ":"):
		return "the tag after ':' is empty" + want
	case strings.HasSuffix(name, "@"):
		return "the digest after '@' is empty" + want
	}
	return "a container runtime cannot read it" + want
}
