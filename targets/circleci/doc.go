// Package circleci lowers a plan into CircleCI configuration (`.circleci/config.yml`,
// version 2.1): one workflow named after the pipeline, one job per plan job (one per
// batch of a rolling deploy), `type: approval` entries for approvals, filters decided
// when CircleCI creates the pipeline, and the workspace for artifacts, stage outputs and
// jobs that ended early.
package circleci
