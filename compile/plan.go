package compile

import (
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// Plan is a checked pipeline lowered into jobs, ready for a target to emit.
type Plan struct {
	Pipeline *model.Pipeline
	// Source is the spec's path and Digest its content hash ("" when not given), as the
	// headers of generated files show them (Options).
	Source string
	Digest string
	// Jobs in dependency order; ties keep spec order.
	Jobs []*Job
	// final maps a stage name to the job that finishes it (what downstream stages need).
	final map[string]*Job
	// secrets maps a secret's name to its declaration.
	secrets map[string]*model.Secret
}

// Final returns the job that finishes the named stage: the stage's only job, the last
// increment of a canary, or the switch job of a blue/green deploy. Nil if unknown.
func (p *Plan) Final(stage string) *Job { return p.final[stage] }

// Secret returns the declared secret of that name (the check leaves no reference to
// another), in constant time: back ends look one up for every reference.
func (p *Plan) Secret(name string) *model.Secret { return p.secrets[name] }

// Role says what a job does for its stage.
type Role int

const (
	// RoleMain runs the stage's steps (and verify steps): the whole stage, or one canary
	// increment, or the blue/green deploy to the idle slot.
	RoleMain Role = iota
	// RoleSwitch runs a blue/green stage's switch steps after the deploy was verified.
	RoleSwitch
	// RoleRollback runs the rollback steps when one of its needs failed.
	RoleRollback
)

func (r Role) String() string {
	switch r {
	case RoleSwitch:
		return "switch"
	case RoleRollback:
		return "rollback"
	}
	return "main"
}

// Phase tags where a step comes from.
type Phase string

const (
	PhaseMain     Phase = "main"
	PhaseVerify   Phase = "verify"
	PhaseSwitch   Phase = "switch"
	PhaseRollback Phase = "rollback"
)

// Step is a spec step placed in a job.
type Step struct {
	*model.Step
	Phase Phase
}

// Deploy is a job's position in its stage's deploy strategy.
type Deploy struct {
	Strategy    string // "" (deploy once), rolling, blue_green, canary
	Environment *model.Environment
	Weight      int    // traffic percentage this job moves to: canary increments, else 100
	Slot        string // blue_green: "green" for the new slot, "blue" when rolling back
	Batches     int    // rolling: the job runs once per batch 1..Batches
	MaxParallel int    // rolling: batches at once (0: one at a time)
	Step        int    // 1-based index of this job in the strategy's chain
	Of          int    // length of the chain (without rollback)
}

// ArtifactUse is an upstream stage's artifact that a job downloads before its steps.
type ArtifactUse struct {
	Artifact *model.Artifact
	From     *Job
}

// Job is one platform job.
type Job struct {
	// ID is unique in the plan and stable: the stage name, or the stage name with a suffix
	// ("deploy-production-canary-10", "-switch", "-rollback"). Targets derive their
	// platform's job names from it.
	ID    string
	Stage *model.Stage
	Role  Role
	Needs []*Job

	// When is the condition decided before the job starts: the stage's `when` and the
	// environment's branch rule. Nil means the job runs when its needs succeeded.
	When expr.Expr
	// OnFailure marks a rollback job: it runs only when one of Needs failed.
	OnFailure bool
	// Approval asks a person to approve before the job starts (canary with approval).
	Approval bool
	Deploy   *Deploy

	Steps        []*Step
	Runner       *model.Runner // never nil: defaults and "linux" applied
	Image        *expr.Template
	Env          []*model.EnvVar
	Matrix       *model.Matrix
	Services     []*model.Service
	Cache        *model.Cache
	Timeout      *model.Duration
	Retries      *model.Int
	AllowFailure bool
	Environment  *model.Environment
	Identity     *model.Identity
	// Secrets the job's steps reference, in declaration order: nothing else reaches it.
	Secrets  []*model.Secret
	Produces []*model.Artifact
	Consumes []*ArtifactUse
	// Outputs are the stage outputs the job's steps may write (set on every main job of
	// a stage with outputs; downstream stages read them from the stage's final job).
	Outputs []model.String
	Natives []*model.Native
}

// Native returns the job's `native` block for target, or nil.
func (j *Job) Native(target string) *model.Native {
	for _, n := range j.Natives {
		if n.Target == target {
			return n
		}
	}
	return nil
}

// UsesVault reports whether any of the job's secrets come from Vault.
func (j *Job) UsesVault() bool {
	for _, s := range j.Secrets {
		if s.Vault != nil {
			return true
		}
	}
	return false
}
