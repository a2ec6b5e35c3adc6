// Package specgen writes synthetic but realistic pipeline specs of any number of stages,
// in HCL and in the equivalent CUE, for benchmarks and the growth curve of
// docs/performance.md, and for the tests of large specs, which plant mistakes in them
// with ReplaceEvery. The same n always gives the same bytes.
//
// A spec is a run of units of ten stages, one unit per service of a monorepo: lint, a
// matrix of unit tests with a cache and a coverage artifact, integration tests with a
// database service and a Vault secret, a build on main that publishes an output and an
// artifact, a scan and a package, a staging deploy with a cloud identity, smoke tests
// with retries, a canary production deploy with verify and rollback steps, and a
// notification. Units come in groups of ten whose last notification needs the group's
// others (a fan-in); otherwise the services are independent, as in a monorepo, so the
// graph stays as shallow as real pipelines are and its depth does not grow with n.
// (Every stage downloads the artifacts of all the stages upstream of it, so a chain
// across services would make the output grow with the chain, not with the spec.)
//
// It knows no Go types of the compiler: it writes text, so the benchmarks measure the
// front ends on the bytes a person would write.
package specgen
