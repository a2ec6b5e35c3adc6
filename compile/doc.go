// Package compile checks a model and lowers it into a target-neutral Plan.
//
// Two passes, each one walk: check resolves every name (needs, environments, identities,
// secrets, matrix axes, inputs, stage outputs), validates the stage graph (unknown needs,
// cycles shown as their path), cron expressions, globs, durations and references; lower
// applies defaults, turns deploy strategies into chains of jobs with a rollback job, joins
// `when` and environment branch rules into one condition tree, and works out which
// secrets, artifacts and outputs each job touches. Targets read only the Plan.
package compile
