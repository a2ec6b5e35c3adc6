package model

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
)

// String is a literal string with its source range.
type String struct {
	Value string
	Range diag.Range
}

// Int is a literal integer with its source range.
type Int struct {
	Value int
	Range diag.Range
}

// Bool is a literal boolean with its source range.
type Bool struct {
	Value bool
	Range diag.Range
}

// Duration is a length of time written as "30m", "4h", "1h30m", "7d" or "90s".
type Duration struct {
	Seconds int64
	Text    string
	Range   diag.Range
}

// Minutes rounds up to whole minutes (platform timeouts are in minutes).
func (d Duration) Minutes() int64 { return (d.Seconds + 59) / 60 }

// Days rounds up to whole days (artifact retention is in days).
func (d Duration) Days() int64 { return (d.Seconds + 86399) / 86400 }

// ValueKind tells which field of a Value is set.
type ValueKind int

const (
	KindString ValueKind = iota
	KindBool
	KindNumber
	KindList
	KindMap
	KindNull
)

// Value is a literal of any shape: input defaults, matrix values and the raw keys of a
// `native` block. Map entries keep source order.
type Value struct {
	Kind  ValueKind
	Str   string // KindString; KindNumber keeps the number as written ("3.10" stays "3.10")
	Bool  bool
	List  []*Value
	Map   []*Entry
	Range diag.Range
}

// Entry is one key of a map Value.
type Entry struct {
	Key      string
	KeyRange diag.Range
	Value    *Value
}

// Text renders a scalar as a string ("true", "3.12"); lists and maps render as "".
func (v *Value) Text() string {
	switch v.Kind {
	case KindString, KindNumber:
		return v.Str
	case KindBool:
		if v.Bool {
			return "true"
		}
		return "false"
	}
	return ""
}

// EnvVar is one NAME = value of an env map. Value may reference ci.*, matrix.*, secret.*
// and the other roots.
type EnvVar struct {
	Name      string
	NameRange diag.Range
	Value     expr.Template
	Range     diag.Range
}

// Pipeline is one spec file.
type Pipeline struct {
	Name        string
	NameRange   diag.Range
	Range       diag.Range // the whole pipeline block
	Description string

	On           *Triggers // nil when the spec has no `on` block
	Env          []*EnvVar
	Defaults     *Defaults
	Vault        *Vault
	Secrets      []*Secret
	Identities   []*Identity
	Environments []*Environment
	Stages       []*Stage

	// Misspelled lists the unknown names the front end reported as probable typos of
	// known ones, so that the checker does not report the known name as missing too.
	Misspelled []diag.Misspelling
}

// MisspelledIn reports whether the body of the block at in holds a name the front end
// reported as a probable typo of one of names.
func (p *Pipeline) MisspelledIn(in diag.Range, names ...string) bool {
	for _, m := range p.Misspelled {
		if m.In == in && slices.Contains(names, m.Name) {
			return true
		}
	}
	return false
}

// MisspelledWithin reports whether the body of the block at in, or of a block inside
// it, holds a name the front end reported as a probable typo of one of names, or as
// written in a block that does not take it (a secret block inside a stage, a strategy
// inside a step): what that name declares or sets is then not where the checker looks,
// and its absence is that error's consequence.
func (p *Pipeline) MisspelledWithin(in diag.Range, names ...string) bool {
	for _, m := range p.Misspelled {
		if m.In.Filename == in.Filename && m.In.Start.Byte >= in.Start.Byte && m.In.End.Byte <= in.End.Byte && slices.Contains(names, m.Name) {
			return true
		}
	}
	return false
}

// Triggers is the `on` block.
type Triggers struct {
	Range       diag.Range
	Push        *Push
	PullRequest *PullRequest
	Schedules   []*Schedule
	Manual      *Manual
}

// Push triggers on pushed branches and tags.
type Push struct {
	Range       diag.Range
	Branches    []String
	Tags        []String
	Paths       []String
	PathsIgnore []String
}

// PullRequest triggers on pull (merge) requests targeting Branches.
type PullRequest struct {
	Range       diag.Range
	Branches    []String
	Paths       []String
	PathsIgnore []String
}

// Schedule is a named cron trigger.
type Schedule struct {
	Name      string
	NameRange diag.Range
	Range     diag.Range
	Cron      String
}

// Manual is a person starting a run, with typed inputs.
type Manual struct {
	Range  diag.Range
	Inputs []*Input
}

// Input types.
const (
	InputString  = "string"
	InputBoolean = "boolean"
	InputChoice  = "choice"
	InputNumber  = "number"
)

// InputTypes lists the input types in documentation order.
var InputTypes = []string{InputString, InputBoolean, InputChoice, InputNumber}

// Input is one typed input of a manual run.
type Input struct {
	Name        string
	NameRange   diag.Range
	Range       diag.Range
	Type        String // one of InputTypes; empty means string
	Default     *Value // nil when absent
	Options     []String
	Description string
	Required    bool
}

// Defaults apply to every stage that does not set its own.
type Defaults struct {
	Range   diag.Range
	Runner  *Runner
	Image   *expr.Template
	Timeout *Duration
	Retries *Int
}

// Runner classes.
const (
	RunnerLinux      = "linux"
	RunnerLinuxARM64 = "linux-arm64"
	RunnerMacOS      = "macos"
	RunnerWindows    = "windows"
)

// RunnerClasses lists the portable runner classes.
var RunnerClasses = []string{RunnerLinux, RunnerLinuxARM64, RunnerMacOS, RunnerWindows}

// Runner is a portable class (runner = "linux") or a list of labels for a self-hosted
// runner (runner = ["self-hosted", "gpu"]). Exactly one of Class and Labels is set.
type Runner struct {
	Class  string
	Labels []String
	Range  diag.Range
}

// OS is the operating system the runner runs, which decides the shells a step may use:
// RunnerLinux, RunnerMacOS or RunnerWindows from the class, or from a label of one of
// those names (self-hosted runners carry them: GitHub labels its own so, and Azure turns
// them into agent demands); "" when a label list names none.
func (r *Runner) OS() string {
	switch r.Class {
	case RunnerLinux, RunnerLinuxARM64:
		return RunnerLinux
	case RunnerMacOS, RunnerWindows:
		return r.Class
	}
	for _, l := range r.Labels {
		switch v := strings.ToLower(l.Value); v {
		case RunnerLinux, RunnerMacOS, RunnerWindows:
			return v
		}
	}
	return ""
}

// Vault is the HashiCorp Vault server that `vault` secrets are read from.
type Vault struct {
	Range    diag.Range
	Address  String
	Role     String
	Audience String // empty: the address
	AuthPath String // JWT auth mount; empty: "jwt"
	// ServiceConnection names the Azure Pipelines service connection whose OIDC token
	// logs in to Vault there (Azure Pipelines issues tokens through connections only).
	ServiceConnection *String
}

// Secret is a secret a stage may read. Without Vault it comes from the platform's own
// secret store under EnvName().
type Secret struct {
	Name      string
	NameRange diag.Range
	Range     diag.Range
	Vault     *SecretVault
}

// SecretVault says where in Vault a secret lives.
type SecretVault struct {
	Range diag.Range
	Path  String
	Field String
}

// Identity is an OIDC workload identity; exactly one of AWS, GCP, Azure and OIDC is set.
type Identity struct {
	Name      string
	NameRange diag.Range
	Range     diag.Range
	AWS       *AWSIdentity
	GCP       *GCPIdentity
	Azure     *AzureIdentity
	OIDC      *OIDCIdentity
	// ServiceConnection names the Azure Pipelines service connection that issues the OIDC
	// token there (Azure Pipelines has no other way to get one).
	ServiceConnection *String
}

// AWSIdentity assumes an IAM role with the platform's OIDC token.
type AWSIdentity struct {
	Range    diag.Range
	RoleARN  String
	Region   String
	Audience *String // nil: sts.amazonaws.com
}

// GCPIdentity impersonates a service account through workload identity federation.
type GCPIdentity struct {
	Range                    diag.Range
	WorkloadIdentityProvider String
	ServiceAccount           String
	Audience                 *String
}

// AzureIdentity logs in to Azure with a federated credential.
type AzureIdentity struct {
	Range          diag.Range
	ClientID       String
	TenantID       String
	SubscriptionID *String
}

// OIDCIdentity puts the platform's raw OIDC token for Audience into the variable Env.
type OIDCIdentity struct {
	Range    diag.Range
	Audience String
	Env      String
}

// Kind names which cloud the identity is for: "aws", "gcp", "azure" or "oidc".
func (id *Identity) Kind() string {
	switch {
	case id.AWS != nil:
		return "aws"
	case id.GCP != nil:
		return "gcp"
	case id.Azure != nil:
		return "azure"
	case id.OIDC != nil:
		return "oidc"
	}
	return ""
}

// Environment is a deployment target.
type Environment struct {
	Name      string
	NameRange diag.Range
	Range     diag.Range
	URL       *String
	Approval  *Bool
	Branches  []String
}

// NeedsApproval reports whether a person approves deployments here.
func (e *Environment) NeedsApproval() bool { return e.Approval != nil && e.Approval.Value }

// Stage is one unit of work on one runner.
type Stage struct {
	Name      string
	NameRange diag.Range
	Range     diag.Range

	Needs        []String
	When         expr.Expr // nil: always (after needs succeed)
	Runner       *Runner
	Image        *expr.Template
	Env          []*EnvVar
	Matrix       *Matrix
	Services     []*Service
	Cache        *Cache
	Steps        []*Step
	Artifacts    []*Artifact
	Timeout      *Duration
	Retries      *Int
	AllowFailure *Bool
	Environment  *String
	Identity     *String
	Strategy     *Strategy
	Verify       *StepGroup
	Switch       *StepGroup
	Rollback     *StepGroup
	Outputs      []String
	Natives      []*Native
}

// Step is one shell command.
type Step struct {
	Name             string
	NameRange        diag.Range
	Range            diag.Range
	Run              expr.Template
	Env              []*EnvVar
	Shell            *String // bash (default), sh, pwsh, powershell, cmd, python
	WorkingDirectory *expr.Template
	Timeout          *Duration
	ContinueOnError  *Bool
}

// Shells lists the shells a step may name.
var Shells = []string{"bash", "sh", "pwsh", "powershell", "cmd", "python"}

// StepGroup is a `verify`, `switch` or `rollback` block: a list of steps.
type StepGroup struct {
	Range diag.Range
	Steps []*Step
}

// Matrix runs a stage once per combination of its axes.
type Matrix struct {
	Range       diag.Range
	Axes        []*Axis
	Include     []*MatrixCell
	Exclude     []*MatrixCell
	FailFast    *Bool // nil: platform default (GitHub: true)
	MaxParallel *Int
}

// Axis is one matrix dimension.
type Axis struct {
	Name      string
	NameRange diag.Range
	Values    []*Value // scalars only
}

// MatrixCell is one combination in include or exclude; axes in source order.
type MatrixCell struct {
	Range  diag.Range
	Values []*Entry
}

// Service is a sidecar container (a database for tests), reachable by its name.
type Service struct {
	Name      string
	NameRange diag.Range
	Range     diag.Range
	Image     expr.Template
	Env       []*EnvVar
	Ports     []Int
}

// Cache keeps Paths between runs, keyed by the contents of KeyFiles.
type Cache struct {
	Range    diag.Range
	Paths    []String
	KeyFiles []String
	Key      *String // an extra key prefix; empty: the stage name
}

// Artifact is a set of files a stage hands to the stages after it.
type Artifact struct {
	Name      string
	NameRange diag.Range
	Range     diag.Range
	Paths     []String
	ExpireIn  *Duration
}

// Strategy kinds.
const (
	StrategyRolling   = "rolling"
	StrategyBlueGreen = "blue_green"
	StrategyCanary    = "canary"
)

// StrategyKinds lists the deploy strategies.
var StrategyKinds = []string{StrategyRolling, StrategyBlueGreen, StrategyCanary}

// Strategy is how a deployment stage rolls out.
type Strategy struct {
	Kind        string
	KindRange   diag.Range
	Range       diag.Range
	Batches     *Int  // rolling: how many batches
	MaxParallel *Int  // rolling: batches at once
	Increments  []Int // canary: traffic percentages before 100
	Approval    *Bool // canary: a person approves each increase
}

// Native is raw keys merged into one target's emitted job: the escape hatch for what the
// language cannot say yet.
type Native struct {
	Target      string
	TargetRange diag.Range
	Range       diag.Range
	Body        *Value // a KindMap
}
