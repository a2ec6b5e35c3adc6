package azure

import (
	"fmt"
	"slices"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// deploymentJob renders a deployment stage as one `deployment` job with Azure's own
// strategy; the plan's chain (canary increments, the blue/green switch, the rollback
// job) becomes the strategy's lifecycle hooks:
//
//	none        runOnce: deploy (steps, then verify), on.failure (rollback)
//	canary      canary: increments, the same hooks, repeated per increment
//	rolling     rolling: maxParallel, the same hooks, repeated per machine
//	blue_green  runOnce: deploy (steps, then verify the idle slot), routeTraffic (switch),
//	            on.failure (rollback)
//
// Verify runs in the deploy hook, after the steps, as on the other targets: each hook is
// a job of its own on Azure (a fresh machine on hosted pools), so a verify hook would not
// see what the steps wrote. Every hook checks out the sources, restores the artifacts the
// stage reads, logs in with the identity and maps the values its steps read.
func (e *emitter) deploymentJob(s *astage) targets.Map {
	j := s.first()
	d := j.Deploy
	m := targets.Map{{Key: "deployment", Value: s.job}}
	if s.job != s.spec.Name {
		targets.Set(&m, "displayName", s.spec.Name)
	}
	var env any = escapeText(d.Environment.Name)
	if d.Strategy == model.StrategyRolling {
		// Azure rolls out over the virtual machines registered in the environment.
		env = targets.Map{{Key: "name", Value: escapeText(d.Environment.Name)}, {Key: "resourceType", Value: "VirtualMachine"}}
	}
	targets.Set(&m, "environment", env)
	if j.Matrix != nil {
		e.errorf(j.Matrix.Range, "matrix-in-deployment", "Azure deployment jobs take a deploy strategy, not a matrix; split the matrix into a stage before the deployment", "a deployment stage cannot have a matrix on Azure")
	}
	e.common(s, &m)
	e.approvals(s)

	var hooks targets.Map
	deploy := hook{s: s, name: "deploy", job: j}
	steps := e.prelude(deploy, withRollback(j.Steps, s.rb))
	// Azure downloads every artifact of the run into the deploy hook unless told not to;
	// pipec restores the ones the stage needs at the paths they were collected from.
	steps = append([]any{targets.Map{{Key: "download", Value: "none"}}}, steps...)
	steps = append(steps, e.downloads(j)...)
	steps = append(steps, e.cache(s)...)
	for _, st := range j.Steps { // the steps, then verify
		steps = append(steps, e.userStep(deploy, st))
	}
	steps = append(steps, e.publish(s, j)...)
	steps = append(steps, e.outputs(s, j)...)
	steps = append(steps, e.cancelRollback(s)...)
	targets.Set(&hooks, "deploy", targets.Map{{Key: "steps", Value: steps}})
	if s.sw != nil {
		if len(j.Outputs) > 0 {
			e.warnOnce(s.spec.Switch.Range, "outputs-in-switch", "Azure runs routeTraffic as a job of its own, whose output variables pipec does not publish: outputs the switch steps write do not reach later stages; write them in the stage's steps", "outputs written by switch steps are not handed on on Azure")
		}
		targets.Set(&hooks, "routeTraffic", targets.Map{{Key: "steps", Value: e.hookSteps(hook{s: s, name: "routeTraffic", job: s.sw}, s.sw.Steps, s.rb)}})
	}
	if s.rb != nil {
		fail := e.hookSteps(hook{s: s, name: "on.failure", job: s.rb}, s.rb.Steps, nil)
		targets.Set(&hooks, "on", targets.Map{{Key: "failure", Value: targets.Map{{Key: "steps", Value: fail}}}})
	}

	var strat targets.Map
	switch d.Strategy {
	case model.StrategyCanary:
		var inc []any
		for _, x := range s.spec.Strategy.Increments {
			inc = append(inc, x.Value)
		}
		strat = targets.Map{{Key: "increments", Value: inc}}
		strat = append(strat, hooks...)
		targets.Set(&m, "strategy", targets.Map{{Key: "canary", Value: strat}})
	case model.StrategyRolling:
		e.warnOnce(s.spec.Strategy.Batches.Range, "rolling-batches", fmt.Sprintf("Azure rolls out over the virtual machines registered in environment %q, max_parallel at a time (maxParallel: %d); the number of batches follows from the machines, not from batches = %d", d.Environment.Name, max(d.MaxParallel, 1), d.Batches), "batches is not applied on Azure")
		strat = targets.Map{{Key: "maxParallel", Value: max(d.MaxParallel, 1)}}
		strat = append(strat, hooks...)
		targets.Set(&m, "strategy", targets.Map{{Key: "rolling", Value: strat}})
	default:
		targets.Set(&m, "strategy", targets.Map{{Key: "runOnce", Value: hooks}})
	}
	e.native(s, &m)
	return m
}

// hookSteps renders a lifecycle hook other than deploy: checkout, the artifacts the
// stage reads, identity, the steps, then, in a hook that changes what is deployed, the
// rollback steps rb for a cancellation (cancelRollback).
func (e *emitter) hookSteps(h hook, list []*compile.Step, rb *compile.Job) []any {
	steps := e.prelude(h, withRollback(list, rb))
	steps = append(steps, e.downloads(h.job)...)
	for _, st := range list {
		steps = append(steps, e.userStep(h, st))
	}
	if rb != nil {
		steps = append(steps, e.cancelRollback(h.s)...)
	}
	return steps
}

// withRollback is a hook's steps and the rollback steps it may run (rb, or nil), which
// the hook's prelude logs in and reads context values for.
func withRollback(list []*compile.Step, rb *compile.Job) []*compile.Step {
	if rb == nil {
		return list
	}
	return append(slices.Clip(list), rb.Steps...)
}

// cancelRollback are the stage's rollback steps for the end of a hook that deploys or
// moves traffic, run when the hook's job is cancelled: Azure cancels a job that reaches
// its timeoutInMinutes (its result is Canceled, not Failed), and the on: failure hook
// runs only after a failed one, so a deploy stopped half way would stay as it is. Azure
// runs such steps while it cancels the job (cancelTimeoutInMinutes, 5 by default); a
// run cancelled before the hook started runs none of them.
func (e *emitter) cancelRollback(s *astage) []any {
	if s.rb == nil {
		return nil
	}
	rb := hook{s: s, name: "on.failure", job: s.rb}
	var out []any
	for _, st := range s.rb.Steps {
		step := e.userStep(rb, st)
		targets.Set(&step, "condition", "canceled()")
		out = append(out, step)
	}
	return out
}

// approvals reports the approvals Azure cannot write in YAML. Azure asks an
// environment's checks (approvals among them) once, before the deployment job starts;
// a canary cannot pause between its increments.
func (e *emitter) approvals(s *astage) {
	if env := s.first().Deploy.Environment; env.NeedsApproval() {
		// Checks live on the environment, and Azure creates an environment without any
		// the first time a run deploys there: said once per environment, at its approval.
		e.warnOnce(env.Approval.Range, "approval-in-environment-checks", fmt.Sprintf("Azure Pipelines reads no approval from YAML: add an Approvals check to environment %q (Pipelines > Environments > %s > Approvals and checks). Azure creates the environment without checks when a run first deploys there, so until the check exists its deployments run unapproved", env.Name, env.Name), "approval of environment %q is set in Azure, not in the YAML", env.Name)
	}
	st := s.spec.Strategy
	if st != nil && st.Approval != nil && st.Approval.Value {
		e.warnf(st.Approval.Range, "canary-approval-once", fmt.Sprintf("Azure asks for approval through the checks of environment %q (Pipelines > Environments > Approvals and checks), once before the deployment job starts; it cannot pause between canary increments", s.first().Deploy.Environment.Name), "canary approval is asked once, not per increment, on Azure")
	}
}
