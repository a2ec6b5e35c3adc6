// Package azure lowers a plan into Azure Pipelines YAML (`azure-pipelines.yml`): one
// stage per spec stage, each with one job. A deployment stage is one `deployment` job
// with its environment and Azure's own strategy (runOnce, rolling, canary), whose
// lifecycle hooks hold the steps the other targets spread over a chain of jobs. The
// package owns Azure's naming rules, the rendering of conditions as Azure expressions
// (with succeeded() kept), the mapping of every reference into step env, and the
// diagnostics for what Azure cannot express.
package azure
