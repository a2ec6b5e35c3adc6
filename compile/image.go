package compile

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/pipec-dev/pipec/compile/expr"
)

// An image reference as `docker pull` reads it: [REGISTRY[:PORT]/]PATH[:TAG][@DIGEST].
// The registry host may use capitals; the repository path may not. Every platform hands
// the name to the container runtime as written, and a name it cannot parse fails the job
// when it starts, after the pipeline was accepted.
var reImage = sync.OnceValue(func() *regexp.Regexp {
	const (
		host    = `(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)`
		domain  = host + `(?:\.` + host + `)*(?::[0-9]+)?`
		segment = `[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`
		tag     = `[\w][\w.-]{0,127}`
		digest  = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
	)
	return regexp.MustCompile(`^(?:` + domain + `/)?` + segment + `(?:/` + segment + `)*(?::` + tag + `)?(?:@` + digest + `)?$`)
})

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
	if reImage().MatchString(name) {
		return
	}
	c.diags.Errorf(t.Range, "bad-image", imageDetail(name), "invalid %s %q", what, t.Text())
}

// imageDetail says what is wrong with an image name reImage refuses.
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
