// Package gitlab lowers a plan into one GitLab CI file (.gitlab-ci.yml).
//
// GitLab has no trigger section, no steps and no `!` in rules, so the mapping is
// deliberate: triggers become `workflow: rules:` (without duplicate branch and merge
// request pipelines), manual inputs a `spec: inputs` header, the stage graph `stages:` by
// depth plus exact `needs:`, each stage's steps one `script:` in which every step runs in
// its own subshell with its own variables, and `when` either `rules: if:` (negation pushed
// down to the leaves) or, when it reads another stage's outputs, a test at the start of
// the job that ends it early and tells the jobs after it to skip too.
package gitlab
