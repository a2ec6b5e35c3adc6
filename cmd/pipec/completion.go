package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pipec-dev/pipec/lint"
	"github.com/pipec-dev/pipec/targets/all"
	"github.com/pipec-dev/pipec/targets/graph"
)

const completionUsage = `Usage:
  pipec completion bash|zsh|fish

Prints a script that completes pipec's commands, flags, flag values (targets, formats,
severities), rule ids and spec files in that shell. Load it:

  bash   source <(pipec completion bash)          (in ~/.bashrc)
  zsh    source <(pipec completion zsh)           (in ~/.zshrc, after compinit)
         or save it as _pipec in a directory of $fpath
  fish   pipec completion fish > ~/.config/fish/completions/pipec.fish

The script is written from the same flag definitions the commands parse, so it offers
exactly the flags this pipec has.
`

var shells = []string{"bash", "zsh", "fish"}

// argKind is what a command's positional arguments are, for completion.
type argKind int

const (
	argNone     argKind = iota
	argSpecs            // spec files and DIR/... patterns
	argSpec             // one spec file or directory: graph takes no pattern
	argDir              // a directory: init's project
	argRules            // lint rule ids
	argCommands         // pipec's commands
	argShells           // shells with a completion script
)

// cliCommand is one command: its name, a line for help and completion, its flags (the
// flag set the command parses) and what its arguments are.
type cliCommand struct {
	name, summary string
	flags         func() *pflag.FlagSet
	args          argKind
}

// cliCommands lists pipec's commands in the order help shows them. The completion
// scripts are written from it, and each command parses the flag set named here.
var cliCommands = []cliCommand{
	{"generate", "check specs and write their CI files", func() *pflag.FlagSet {
		fs, _ := generateFlags(&generateOptions{})
		return fs
	}, argSpecs},
	{"lint", "check specs with pipec's rules and actionlint", func() *pflag.FlagSet {
		fs, _ := lintFlags(&lintOptions{})
		return fs
	}, argSpecs},
	{"fmt", "rewrite specs in their canonical layout", func() *pflag.FlagSet {
		fs, _ := fmtFlags(&fmtOptions{})
		return fs
	}, argSpecs},
	{"graph", "draw the jobs a spec compiles to (Mermaid or DOT)", func() *pflag.FlagSet {
		fs, _ := graphFlags(new(string))
		return fs
	}, argSpec},
	{"init", "write a starter pipeline.hcl for the project in DIR", func() *pflag.FlagSet {
		fs, _ := initFlags(new(bool))
		return fs
	}, argDir},
	{"explain", "describe a lint rule", func() *pflag.FlagSet {
		fs, _ := explainFlags(new(bool))
		return fs
	}, argRules},
	{"schema", "print the language's JSON Schema or CUE schema", func() *pflag.FlagSet {
		fs, _ := schemaFlags(new(string))
		return fs
	}, argNone},
	{"completion", "print a shell completion script", func() *pflag.FlagSet {
		fs, _ := helpOnlyFlags("completion")
		return fs
	}, argShells},
	{"version", "print pipec's version", func() *pflag.FlagSet {
		fs, _ := helpOnlyFlags("version")
		return fs
	}, argNone},
	{"help", "show help for pipec or for a command", func() *pflag.FlagSet {
		return pflag.NewFlagSet("help", pflag.ContinueOnError)
	}, argCommands},
}

// helpOnlyFlags is the flag set of a command whose only flag is -h/--help.
func helpOnlyFlags(name string) (*pflag.FlagSet, *bool) {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	help := fs.BoolP("help", "h", false, "show this help")
	return fs, help
}

func commandNames() []string {
	var names []string
	for _, c := range cliCommands {
		names = append(names, c.name)
	}
	return names
}

// valueKind is how a flag's value is completed: from a fixed list, as a directory, or
// as a file.
type valueKind int

const (
	valueWords valueKind = iota
	valueDir
	valueFile
)

// flagValue says how the value of a flag of a command is completed. Every flag that
// takes a value must have an entry (TestCompletionCoversEveryFlag).
func flagValue(cmd, flag string) (valueKind, []string, bool) {
	switch flag {
	case "target":
		return valueWords, all.Names(), true
	case "color":
		return valueWords, colorModes, true
	case "fail-on":
		return valueWords, []string{"error", "warning", "info"}, true
	case "out":
		return valueDir, nil, true
	case "config", "stdin-filename":
		return valueFile, nil, true
	case "format":
		switch cmd {
		case "lint":
			return valueWords, lintFormats, true
		case "schema":
			return valueWords, schemaFormats, true
		case "graph":
			return valueWords, graph.Formats, true
		}
	}
	return 0, nil, false
}

// cliFlag is one flag as a completion script needs it.
type cliFlag struct {
	name, short, usage string
	takesValue, list   bool
	kind               valueKind
	values             []string
}

func flagsOf(c cliCommand) []cliFlag {
	var out []cliFlag
	c.flags().VisitAll(func(f *pflag.Flag) {
		usage, _, _ := strings.Cut(f.Usage, "\n")
		cf := cliFlag{name: f.Name, short: f.Shorthand, usage: usage, takesValue: f.NoOptDefVal == ""}
		if cf.takesValue {
			cf.list = strings.HasSuffix(f.Value.Type(), "Slice")
			kind, values, ok := flagValue(c.name, f.Name)
			if !ok {
				// A flag added without saying how its value completes: fall back to files
				// (the test names it).
				kind = valueFile
			}
			cf.kind, cf.values = kind, values
		}
		out = append(out, cf)
	})
	return out
}

// argWords is the fixed list of a command's arguments, if they are one.
func argWords(k argKind) []string {
	switch k {
	case argRules:
		return lint.IDs()
	case argCommands:
		return commandNames()
	case argShells:
		return shells
	}
	return nil
}

// specExts lists the spec extensions without dots: hcl cue json yaml yml.
func specExts() []string {
	var out []string
	for _, f := range specFormats {
		out = append(out, strings.TrimPrefix(f, "."))
	}
	return out
}

func cmdCompletion(args []string, stdout, stderr io.Writer) int {
	fs, help := helpOnlyFlags("completion")
	if err := fs.Parse(args); err != nil {
		return usageError(stderr, "completion", flagError(fs, err))
	}
	if *help {
		fmt.Fprint(stdout, completionUsage)
		return exitOK
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "completion", "give one shell: "+strings.Join(shells, ", "))
	}
	var script string
	switch fs.Arg(0) {
	case "bash":
		script = bashCompletion()
	case "zsh":
		script = zshCompletion()
	case "fish":
		script = fishCompletion()
	default:
		msg := fmt.Sprintf("no completion for shell %q", fs.Arg(0))
		if !slices.Contains(shells, fs.Arg(0)) {
			msg += "; give " + strings.Join(shells, ", ")
		}
		return usageError(stderr, "completion", msg)
	}
	if _, err := io.WriteString(stdout, script); err != nil {
		fmt.Fprintf(stderr, "pipec: writing to stdout: %v\n", err)
		return exitUsage
	}
	return exitOK
}

func bashCompletion() string {
	var b strings.Builder
	b.WriteString(`# bash completion for pipec, written by 'pipec completion bash'.
# Load it with: source <(pipec completion bash)

# _pipec_specs adds spec files, directories and ./... that start with $1; with $2 set,
# no ./... (a command that takes one spec).
_pipec_specs() {
    local f
    while IFS= read -r f; do
        if [[ -d $f ]]; then
            COMPREPLY+=("$f")
        else
            case $f in
                ` + "*." + strings.Join(specExts(), "|*.") + `) COMPREPLY+=("$f") ;;
            esac
        fi
    done < <(compgen -f -- "$1")
    [[ -z $2 && ./... == "$1"* ]] && COMPREPLY+=(./...)
    compopt -o filenames 2>/dev/null
}

# _pipec_words adds the words of $1 that start with $2; with $3 set, $2 is a
# comma-separated list and its last item is completed.
_pipec_words() {
    local cur=$2 prefix=
    if [[ -n $3 && $cur == *,* ]]; then
        prefix=${cur%,*},
        cur=${cur##*,}
    fi
    local w
    for w in $1; do
        [[ $w == "$cur"* ]] && COMPREPLY+=("$prefix$w")
    done
}

_pipec() {
    COMPREPLY=()
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}
    # bash splits --flag=value at '=': complete the value of the flag before it.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && (( COMP_CWORD > 1 )); then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    local cmd= i
    for (( i = 1; i < COMP_CWORD; i++ )); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        _pipec_words "` + strings.Join(commandNames(), " ") + `" "$cur"
        return 0
    fi
    case $cmd in
`)
	for _, c := range cliCommands {
		flags := flagsOf(c)
		fmt.Fprintf(&b, "        %s)\n", c.name)
		var valueCases []string
		for _, f := range flags {
			if !f.takesValue {
				continue
			}
			pat := "--" + f.name
			if f.short != "" {
				pat += "|-" + f.short
			}
			var action string
			switch f.kind {
			case valueWords:
				list := ""
				if f.list {
					list = " list"
				}
				action = fmt.Sprintf(`_pipec_words "%s" "$cur"%s`, strings.Join(f.values, " "), list)
			case valueDir:
				action = `while IFS= read -r i; do COMPREPLY+=("$i"); done < <(compgen -d -- "$cur"); compopt -o filenames 2>/dev/null`
			case valueFile:
				action = `while IFS= read -r i; do COMPREPLY+=("$i"); done < <(compgen -f -- "$cur"); compopt -o filenames 2>/dev/null`
			}
			valueCases = append(valueCases, fmt.Sprintf("                %s) %s; return 0 ;;\n", pat, action))
		}
		if len(valueCases) > 0 {
			b.WriteString("            case $prev in\n")
			for _, vc := range valueCases {
				b.WriteString(vc)
			}
			b.WriteString("            esac\n")
		}
		var words []string
		for _, f := range flags {
			words = append(words, "--"+f.name)
			if f.short != "" {
				words = append(words, "-"+f.short)
			}
		}
		if len(words) > 0 {
			fmt.Fprintf(&b, "            if [[ $cur == -* ]]; then _pipec_words \"%s\" \"$cur\"; return 0; fi\n", strings.Join(words, " "))
		}
		switch c.args {
		case argSpecs:
			b.WriteString("            _pipec_specs \"$cur\"\n")
		case argSpec:
			b.WriteString("            _pipec_specs \"$cur\" one\n")
		case argDir:
			b.WriteString("            while IFS= read -r i; do COMPREPLY+=(\"$i\"); done < <(compgen -d -- \"$cur\"); compopt -o filenames 2>/dev/null\n")
		case argNone:
		default:
			fmt.Fprintf(&b, "            _pipec_words \"%s\" \"$cur\"\n", strings.Join(argWords(c.args), " "))
		}
		b.WriteString("            ;;\n")
	}
	b.WriteString(`    esac
    return 0
}

complete -F _pipec pipec
`)
	return b.String()
}

// shellQuote makes s one single-quoted word for bash and zsh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishQuote makes s one single-quoted word for fish, where a backslash inside single
// quotes escapes a quote or a backslash.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// zshDesc escapes a description for a _arguments spec or a _describe item.
func zshDesc(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace(s)
}

func zshCompletion() string {
	var b strings.Builder
	b.WriteString(`#compdef pipec
# zsh completion for pipec, written by 'pipec completion zsh'.
# Load it with: source <(pipec completion zsh)   (after compinit)
# or save it as _pipec in a directory of $fpath.

_pipec_specs() {
  _alternative \
    'specs:spec file:_files -g "*.(` + strings.Join(specExts(), "|") + `)(-.)"' \
    'patterns:pattern:(./...)'
}

_pipec() {
  local -a commands
  commands=(
`)
	for _, c := range cliCommands {
		fmt.Fprintf(&b, "    %s\n", shellQuote(c.name+":"+zshDesc(c.summary)))
	}
	b.WriteString(`  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'pipec command' commands
    return
  fi
  local cmd=${words[2]}
  shift words
  (( CURRENT-- ))
  case $cmd in
`)
	for _, c := range cliCommands {
		fmt.Fprintf(&b, "    (%s)\n      _arguments -s -S", c.name)
		for _, f := range flagsOf(c) {
			desc := "[" + zshDesc(f.usage) + "]"
			action := ""
			if f.takesValue {
				switch f.kind {
				case valueWords:
					if f.list {
						action = ":" + f.name + ":_sequence compadd - " + strings.Join(f.values, " ")
					} else {
						action = ":" + f.name + ":(" + strings.Join(f.values, " ") + ")"
					}
				case valueDir:
					action = ":directory:_files -/"
				case valueFile:
					action = ":file:_files"
				}
			}
			long, short := "--"+f.name, "-"+f.short
			if f.takesValue {
				long += "="
				short += "+"
			}
			spec := ""
			switch {
			case f.list: // may be repeated
				if f.short != "" {
					spec = "'*'{" + short + "," + long + "}" + shellQuote(desc+action)
				} else {
					spec = shellQuote("*" + long + desc + action)
				}
			case f.short != "":
				spec = shellQuote("(-"+f.short+" --"+f.name+")") + "{" + short + "," + long + "}" + shellQuote(desc+action)
			default:
				spec = shellQuote(long + desc + action)
			}
			fmt.Fprintf(&b, " \\\n        %s", spec)
		}
		switch c.args {
		case argSpecs:
			b.WriteString(" \\\n        '*:spec file:_pipec_specs'")
		case argSpec:
			b.WriteString(" \\\n        '1:spec file:_files -g \"*.(" + strings.Join(specExts(), "|") + ")(-.)\"'")
		case argDir:
			b.WriteString(" \\\n        '1:directory:_files -/'")
		case argNone:
		default:
			fmt.Fprintf(&b, " \\\n        %s", shellQuote("1:argument:("+strings.Join(argWords(c.args), " ")+")"))
		}
		b.WriteString("\n      ;;\n")
	}
	b.WriteString(`  esac
}

if [[ $funcstack[1] == _pipec ]]; then
  _pipec "$@"
else
  compdef _pipec pipec
fi
`)
	return b.String()
}

func fishCompletion() string {
	var b strings.Builder
	b.WriteString(`# fish completion for pipec, written by 'pipec completion fish'.
# Load it with: pipec completion fish | source
# or save it as ~/.config/fish/completions/pipec.fish

# __pipec_specs prints the spec files and directories that start with the token being
# completed, and ./... unless given --one (a command that takes one spec).
function __pipec_specs
    set -l cur (commandline -ct)
    for f in $cur*
        if test -d $f
            echo $f/
        else if string match -qr '\.(` + strings.Join(specExts(), "|") + `)$' -- $f
            echo $f
        end
    end
    if not contains -- --one $argv
        echo ./...
    end
end

complete -c pipec -f
`)
	for _, c := range cliCommands {
		fmt.Fprintf(&b, "complete -c pipec -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	for _, c := range cliCommands {
		cond := fishQuote("__fish_seen_subcommand_from " + c.name)
		for _, f := range flagsOf(c) {
			line := "complete -c pipec -n " + cond
			if f.short != "" {
				line += " -s " + f.short
			}
			line += " -l " + f.name
			if f.takesValue {
				switch f.kind {
				case valueWords:
					line += " -x -a " + fishQuote(strings.Join(f.values, " "))
				case valueDir:
					line += " -x -a '(__fish_complete_directories)'"
				case valueFile:
					line += " -r -F"
				}
			}
			line += " -d " + fishQuote(f.usage)
			b.WriteString(line + "\n")
		}
		switch c.args {
		case argSpecs:
			fmt.Fprintf(&b, "complete -c pipec -n %s -a '(__pipec_specs)'\n", cond)
		case argSpec:
			fmt.Fprintf(&b, "complete -c pipec -n %s -a '(__pipec_specs --one)'\n", cond)
		case argDir:
			fmt.Fprintf(&b, "complete -c pipec -n %s -a '(__fish_complete_directories)'\n", cond)
		case argNone:
		default:
			fmt.Fprintf(&b, "complete -c pipec -n %s -a %s\n", cond, fishQuote(strings.Join(argWords(c.args), " ")))
		}
	}
	return b.String()
}
