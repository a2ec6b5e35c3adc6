package targets

import "strings"

// ShOnlyImage reports an image known to have sh but no bash: Alpine and BusyBox, by name
// (alpine, busybox) or by tag (node:20-alpine, python:3.12-alpine3.20), and images built
// on Alpine that add no bash (curlimages/curl, Docker's own docker:27). Images that add
// bash (bash:5, alpine/k8s) are named otherwise. The linter warns of bash steps there,
// and the CircleCI back end of the $BASH_ENV its jobs share values through.
func ShOnlyImage(image string) bool {
	ref, _, _ := strings.Cut(image, "@")
	repo, tag := ref, ""
	if c := strings.LastIndex(ref, ":"); c > strings.LastIndex(ref, "/") {
		repo, tag = ref[:c], ref[c+1:]
	}
	repo = strings.TrimPrefix(strings.TrimPrefix(repo, "docker.io/"), "library/")
	name := repo[strings.LastIndex(repo, "/")+1:]
	switch {
	case name == "bash":
		return false
	case name == "alpine" || name == "busybox", repo == "curlimages/curl", repo == "docker":
		return true
	}
	return strings.Contains(tag, "alpine") || strings.Contains(tag, "busybox")
}
