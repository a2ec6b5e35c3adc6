// Package posix renders what back ends that write POSIX shell scripts (GitLab CI,
// CircleCI) share: quoting, glob patterns as shell words, and conditions as shell
// tests. It knows no platform: a back end passes how each reference reads in its shell.
package posix
