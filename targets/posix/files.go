package posix

import (
	"fmt"
	"strings"
)

// CollectFiles is the bash script that copies the files an artifact's paths match, at
// their paths, into dir (a shell word; emptied first), so that unpacking dir's contents
// anywhere puts them where they were: upload tasks and workspaces keep a directory's
// contents, not the paths that led to them. globs are shell words (Glob's, escaped for
// the platform). Globs match dot files, as GitLab's artifact paths do, and `**` crosses
// directories; paths that match nothing at all fail the step, since the stages after it
// expect the files.
//
// GitHub, Azure, CircleCI's matrix cells and CircleCI's kept copies of artifacts with a
// glob collect with it; it runs on Linux, macOS and
// Git Bash on Windows (bash, tar). It needs `set -eo pipefail` in force, so that a
// failing first tar fails the step: GitHub's bash steps have it, the others set it.
func CollectFiles(dir, artifact string, globs []string) string {
	return fmt.Sprintf("shopt -s globstar nullglob dotglob\nrm -rf %[1]s && mkdir -p %[1]s\nfiles=(%[2]s)\n"+
		"if [ ${#files[@]} -eq 0 ]; then echo \"pipec: artifact %[3]s matched no files\" >&2; exit 1; fi\n"+
		"tar -cf - \"${files[@]}\" | tar -xf - -C %[1]s\n",
		dir, strings.Join(globs, " "), artifact)
}
