package lint

import (
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

// Pieces of the patterns below. A download counts where a command starts (not the word
// curl in an echo), and runs when an interpreter reads it.
const (
	cmdStart    = `(?:^|[;&|({}\n` + "`" + `]|\$\(|\b(?:then|do|else|if|while|until)\s|!\s)\s*(?:(?:sudo|command|exec|time)\s+(?:-\S+\s+)*)?(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*`
	downloader  = `(?:curl|wget)`
	interpreter = `(?:sh|bash|zsh|dash|ksh|python[0-9.]*|perl|ruby|node|pwsh|powershell)`
	runner      = `(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?`
)

// downloadRuns lists the shapes of a download that an interpreter runs as it arrives.
var downloadRuns = []*lazyRegexp{
	// curl URL | sh, through any filters: curl URL | tee log | sudo bash -s -- args.
	// (A pipe, never ||, which runs the next command only when the download failed.)
	// The interpreter and its arguments are captured: readsProgram tells whether it runs
	// the download or a program of its own (curl URL | python3 -m json.tool).
	lazy(cmdStart + downloader + `\b[^|\n;&]*(?:\|[^|\n;&]+)*\|\s*` + runner + `(` + interpreter + `)(?:[ \t]+([^|;&\n]*))?(?:[|;&\n]|$)`),
	// sh -c "$(curl URL)", bash <(curl URL), source <(wget -qO- URL), eval "$(curl URL)".
	lazy(`(?:^|[\s;&|(` + "`" + `]|\$\()(?:` + interpreter + `|source|\.|eval)\s+(?:-\S+\s+)*(?:<\(|"?\$\(|"?` + "`" + `)\s*` + downloader + `\b`),
	// PowerShell: iwr URL | iex, iex (irm URL), iex ((New-Object Net.WebClient).DownloadString(URL)).
	lazy(`(?i)\b(?:iwr|irm|curl|wget|Invoke-WebRequest|Invoke-RestMethod)\b[^|\n;&]*\|\s*(?:iex|Invoke-Expression)\b`),
	lazy(`(?i)\b(?:iex|Invoke-Expression)\b[^\n;|]*\b(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod|DownloadString)\b`),
}

// downloadWords are the words, in lower case, one of which each pattern of downloadRuns
// needs: a script without any is not looked at, and the patterns are compiled only for a
// spec with such a script (compiling them was 1 to 2% of a lint run).
var downloadWords = []string{"curl", "wget", "iwr", "irm", "invoke-webrequest", "invoke-restmethod", "downloadstring"}

// ownProgram are interpreter options that name the program to run (python -c CODE,
// python -m MODULE, node -e CODE, perl -ne CODE), so standard input is data. A shell's
// are told apart by readsProgram: its -e is errexit, not a program.
var ownProgram = map[string]bool{"-c": true, "-e": true, "-E": true, "-m": true, "-n": true, "-p": true, "-ne": true, "-pe": true, "-lne": true, "-lpe": true}

// shells are the interpreters whose options are a POSIX shell's.
var shells = map[string]bool{"sh": true, "bash": true, "zsh": true, "dash": true, "ksh": true}

// readsProgram reports whether an interpreter run with args reads its program from
// standard input, the download. It does not when an option names the program (python3 -c
// CODE, perl -ne CODE, a shell's -c or -ec) or an operand names a script file (python3
// summarize.py, bash ./check.sh): the script reads the download as data. "-" and a
// shell's -s read the program from standard input even with operands after them.
func readsProgram(interp, args string) bool {
	shell := shells[interp]
	for _, w := range strings.Fields(args) {
		flags := strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "--")
		switch {
		case w == "-":
			return true
		case shell && flags && strings.Contains(w, "s"):
			return true
		case shell && flags && strings.Contains(w, "c"), !shell && ownProgram[w]:
			return false
		case strings.HasPrefix(w, "-"):
			continue // another option
		default:
			return false // a script file
		}
	}
	return true
}

// shellComment is a comment to the end of its line; continued lines join into one.
var (
	shellComment = lazy(`(?m)(^|[ \t])#.*$`)
	continuation = strings.NewReplacer("\\\n", " ", "\\\r\n", " ")
)

var ruleCurlPipeShell = &Rule{
	ID:        "curl-pipe-shell",
	Category:  Security,
	Severity:  diag.Warning,
	Summary:   "a downloaded script runs without verification",
	Rationale: "Piping a download into a shell runs whatever the server (or anyone who can change what it serves) returns at that moment, with the job's secrets and credentials. Nothing records what ran, and a truncated download runs half a script. The same holds for a download an interpreter reads through command or process substitution: sh -c \"$(curl URL)\", bash <(curl URL), eval \"$(wget -qO- URL)\", and PowerShell's iex (irm URL). The scripts of native blocks (GitHub's and CircleCI's run steps, GitLab's script, before_script and after_script, Azure's script, bash and pwsh steps) are read too. A download piped to an interpreter that runs a program of its own (python3 -c CODE, python3 summarize.py, bash ./check.sh) is that program's data, and is left alone.",
	Fix:       "download to a file, check its checksum or signature (sha256sum -c), then run it; or install a pinned package",
	check: func(p *Pass) {
		templates(p.Pipeline, func(t *expr.Template, at place) {
			if at.what != "run" {
				return
			}
			if runsDownload(t.Literal()) {
				p.Report(at.step.NameRange, "step %q runs a downloaded script without checking it", at.step.Name)
			}
		})
		// A native block's scripts reach its target as written.
		for _, s := range p.Pipeline.Stages {
			for _, v := range nativeScripts(p, s) {
				if runsDownload(v.value.Str) {
					p.Report(v.value.Range, "stage %q's native %q block runs a downloaded script without checking it", s.Name, v.target)
				}
			}
		}
	},
}

// runsDownload reports whether a script runs a download as it arrives.
func runsDownload(script string) bool {
	if !containsAny(strings.ToLower(script), downloadWords) {
		return false
	}
	s := shellComment.ReplaceAllString(continuation.Replace(script), "$1")
	for _, re := range downloadRuns {
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			if len(m) <= 2 || readsProgram(m[1], m[2]) {
				return true
			}
		}
	}
	return false
}
