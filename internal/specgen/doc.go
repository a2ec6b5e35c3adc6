// Package specgen writes synthetic but realistic pipeline specs of any number of stages,
// in HCL and in the equivalent CUE, for benchmarks and the growth curve of
// docs/performance.md. The same n always gives the same bytes.
//
// A spec is a run of units of ten stages, one unit per service of a monorepo: lint, a
// matrix of unit tests with a cache and a coverage artifact, integration tests with a
// database service and a Vault secret, a build on main that publishes an output and an
// artifact, a scan and a package, a staging deploy with a cloud identity, smoke tests
// with retries, a canary production deploy with verify and rollback steps, and a
// notification. Units come in groups of ten: a unit's integration tests need the
// previous unit's package and the group's last notification needs the group's others,
// so the graph has both chains and a fan-in, but stays as shallow as real pipelines are
// (its depth does not grow with n).
//
// It knows no Go types of the compiler: it writes text, so the benchmarks measure the
// front ends on the bytes a person would write.
package specgen
