// Package posix renders what back ends that write POSIX shell scripts (GitLab CI,
// CircleCI) share: quoting, glob patterns as shell words, conditions as shell tests, and
// step scripts written to files through here-documents and run by their interpreter. It
// knows no platform: a back end passes how each reference reads in its shell.
package posix
