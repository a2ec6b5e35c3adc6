package lint

import (
	"regexp"
	"sort"
	"strings"
)

var (
	// aliasOf is an assignment of a variable whose value names another: f="$GITHUB_ENV",
	// export OUT=${GITHUB_ENV}.
	aliasOf = lazy(`(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=["']?\$\{?(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}?`)
	// hereStart is a here-document's operator and delimiter: <<EOF, <<-'EOF', << "EOF".
	hereStart = lazy(`<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?`)
	// blockEnd is the line that closes a compound command: } >> file, done > file.
	blockEnd = lazy(`^\s*(\}|done|fi|esac|\))`)
	// blockStart opens a compound command whose output a later line may redirect.
	blockStart = lazy(`(^\s*(\{|\(|for\s|while\s|until\s|if\s|case\s))|\{\s*$`)
)

// fileLines lists the lines of a script whose output may go to the file that the
// variable file names (GITHUB_ENV, GITHUB_PATH): a line that names the variable, or a
// variable given its value (f=$GITHUB_ENV, then >> "$f"), in any spelling ($f, ${f},
// PowerShell's $env:f); the body of a here-document that such a line starts (cat >>
// "$GITHUB_ENV" <<EOF); and the lines of a group or loop whose end redirects there ({
// ...; } >> "$GITHUB_ENV"). Comments are dropped, continued lines and the lines of a
// pipeline (echo X=1 |, then tee -a "$GITHUB_ENV") joined.
func fileLines(script, file string) []string {
	if !strings.Contains(script, file) {
		return nil
	}
	lines := scriptLines(script)
	names := map[string]bool{file: true}
	for grew := true; grew; {
		grew = false
		for _, l := range lines {
			for _, m := range aliasOf.FindAllStringSubmatch(l, -1) {
				if names[m[2]] && !names[m[1]] {
					names[m[1]], grew = true, true
				}
			}
		}
	}
	var alts []string
	for n := range names {
		alts = append(alts, regexp.QuoteMeta(n))
	}
	sort.Strings(alts) // one pattern for one script
	named := regexp.MustCompile(`\$\{?(?i:env:)?(?:` + strings.Join(alts, "|") + `)\b`)
	var out []string
	start := 0 // the first line of the compound command a closing line may redirect
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if blockStart.MatchString(l) {
			start = i
		}
		if !named.MatchString(l) {
			continue
		}
		out = append(out, l)
		if blockEnd.MatchString(l) {
			out = append(out, lines[start:i]...)
		}
		if m := hereStart.FindStringSubmatch(l); m != nil {
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != m[1]; i++ {
				out = append(out, lines[i])
			}
		}
	}
	return out
}

// scriptLines splits a script into its lines without comments, a continued line and the
// lines of one pipeline or list (a line ending in |, && or ||) joined into one.
func scriptLines(script string) []string {
	script = shellComment.ReplaceAllString(continuation.Replace(script), "$1")
	var out []string
	joined := false
	for _, l := range strings.Split(script, "\n") {
		if joined {
			out[len(out)-1] += " " + l
		} else {
			out = append(out, l)
		}
		t := strings.TrimRight(l, " \t\r")
		joined = strings.HasSuffix(t, "|") || strings.HasSuffix(t, "&&")
	}
	return out
}
