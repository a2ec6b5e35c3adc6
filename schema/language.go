package schema

// The bodies of the language, leaves first. File is the root.

var Push = &Body{Name: "Push", Attrs: []Attr{
	{Name: "branches", Type: StringList, MinItems: 1, Doc: "branch globs that trigger a run"},
	{Name: "tags", Type: StringList, MinItems: 1, Doc: "tag globs that trigger a run"},
	{Name: "paths", Type: StringList, MinItems: 1, Doc: "run only when a changed file matches"},
	{Name: "paths_ignore", Type: StringList, Doc: "skip when every changed file matches"},
}}

var PullRequest = &Body{Name: "PullRequest", Attrs: []Attr{
	{Name: "branches", Type: StringList, MinItems: 1, Doc: "target branch globs"},
	{Name: "paths", Type: StringList, MinItems: 1, Doc: "run only when a changed file matches"},
	{Name: "paths_ignore", Type: StringList, Doc: "skip when every changed file matches"},
}}

var Schedule = &Body{Name: "Schedule", Attrs: []Attr{
	{Name: "cron", Type: String, Required: true, Doc: "five-field cron expression, UTC"},
}}

var Input = &Body{Name: "Input", Attrs: []Attr{
	{Name: "type", Type: String, Doc: "string, boolean, choice or number", Enum: []string{"string", "boolean", "choice", "number"}},
	{Name: "default", Type: Value, Doc: "the value when a person does not give one"},
	{Name: "options", Type: StringList, Doc: "the choices of a choice input"},
	{Name: "description", Type: String, Doc: "shown in the run dialog"},
	{Name: "required", Type: Bool, Doc: "a person must give a value"},
}}

var Manual = &Body{Name: "Manual", Blocks: []Block{
	{Name: "input", Label: "name", LabelPattern: varPattern, Body: Input, Doc: "a typed input of a manual run"},
}}

var Triggers = &Body{Name: "Triggers", OneBlock: true, Blocks: []Block{
	{Name: "push", Single: true, Body: Push, Doc: "pushed branches and tags"},
	{Name: "pull_request", Single: true, Body: PullRequest, Doc: "pull (merge) requests"},
	{Name: "schedule", Label: "name", LabelPattern: namePattern, Body: Schedule, Doc: "a cron trigger"},
	{Name: "manual", Single: true, Body: Manual, Doc: "a person starts a run"},
}}

var Defaults = &Body{Name: "Defaults", Attrs: []Attr{
	{Name: "runner", Type: Runner, Doc: "linux, linux-arm64, macos, windows, or a list of labels", Enum: runnerClasses, MinItems: 1},
	{Name: "image", Type: Template, Doc: "container image stages run in"},
	{Name: "timeout", Type: Duration, Doc: "job timeout"},
	{Name: "retries", Type: Int, Doc: "how often a failed stage is tried again", Min: intp(0), Max: intp(10)},
}}

var Vault = &Body{Name: "Vault", Attrs: []Attr{
	{Name: "address", Type: String, Required: true, Doc: "the Vault server's URL"},
	{Name: "role", Type: String, Required: true, Doc: "the JWT/OIDC role the CI token logs in with"},
	{Name: "audience", Type: String, Doc: "the token's audience; default: the address"},
	{Name: "auth_path", Type: String, Doc: "the JWT auth mount; default: jwt"},
	{Name: "service_connection", Type: String, Doc: "the Azure Pipelines service connection whose OIDC token logs in there"},
}}

var SecretVault = &Body{Name: "SecretVault", Attrs: []Attr{
	{Name: "path", Type: String, Required: true, Doc: "the secret's path in Vault"},
	{Name: "field", Type: String, Required: true, Doc: "the field of that secret"},
}}

var Secret = &Body{Name: "Secret", Blocks: []Block{
	{Name: "vault", Single: true, Body: SecretVault, Doc: "read from Vault instead of the platform's store"},
}}

var AWS = &Body{Name: "AWS", Attrs: []Attr{
	{Name: "role_arn", Type: String, Required: true, Doc: "the IAM role to assume"},
	{Name: "region", Type: String, Required: true, Doc: "the AWS region"},
	{Name: "audience", Type: String, Doc: "the token's audience; default: sts.amazonaws.com"},
}}

var GCP = &Body{Name: "GCP", Attrs: []Attr{
	{Name: "workload_identity_provider", Type: String, Required: true, Doc: "projects/N/locations/global/workloadIdentityPools/P/providers/R"},
	{Name: "service_account", Type: String, Required: true, Doc: "the service account to impersonate"},
	{Name: "audience", Type: String, Doc: "the token's audience"},
}}

var Azure = &Body{Name: "Azure", Attrs: []Attr{
	{Name: "client_id", Type: String, Required: true, Doc: "the app registration's client id"},
	{Name: "tenant_id", Type: String, Required: true, Doc: "the Entra tenant"},
	{Name: "subscription_id", Type: String, Doc: "the subscription to select"},
}}

var OIDC = &Body{Name: "OIDC", Attrs: []Attr{
	{Name: "audience", Type: String, Required: true, Doc: "the token's audience"},
	{Name: "env", Type: String, Required: true, Doc: "the variable that receives the token"},
}}

var Identity = &Body{
	Name: "Identity",
	Attrs: []Attr{
		{Name: "service_connection", Type: String, Doc: "the Azure Pipelines service connection that issues the token there"},
	},
	Blocks: []Block{
		{Name: "aws", Single: true, Body: AWS, Doc: "assume an IAM role"},
		{Name: "gcp", Single: true, Body: GCP, Doc: "workload identity federation"},
		{Name: "azure", Single: true, Body: Azure, Doc: "federated credential login"},
		{Name: "oidc", Single: true, Body: OIDC, Doc: "a raw OIDC token for any service"},
	},
}

var Environment = &Body{Name: "Environment", Attrs: []Attr{
	{Name: "url", Type: String, Doc: "where the deployment can be seen"},
	{Name: "approval", Type: Bool, Doc: "a person approves before it runs"},
	{Name: "branches", Type: StringList, MinItems: 1, Doc: "only these branches may deploy here"},
}}

var Step = &Body{Name: "Step", Attrs: []Attr{
	{Name: "run", Type: Template, Required: true, Doc: "the shell command", Pattern: NonBlankPattern},
	{Name: "env", Type: Env, Pattern: varPattern, Doc: "variables for this step"},
	{Name: "shell", Type: String, Doc: "bash (default), sh, pwsh, powershell, cmd or python", Enum: []string{"bash", "sh", "pwsh", "powershell", "cmd", "python"}},
	{Name: "working_directory", Type: Template, Doc: "where the command runs"},
	{Name: "timeout", Type: Duration, Doc: "step timeout"},
	{Name: "continue_on_error", Type: Bool, Doc: "a failure does not fail the stage"},
}}

var StepGroup = &Body{Name: "StepGroup", Blocks: []Block{
	{Name: "step", Label: "name", LabelPattern: namePattern, Required: true, Body: Step, Doc: "a shell command"},
}}

var Matrix = &Body{Name: "Matrix", Attrs: []Attr{
	{Name: "axes", Type: Axes, Required: true, Pattern: varPattern, MinItems: 1, MinKeys: 1, Doc: "axis = [values]: one run per combination"},
	{Name: "include", Type: Cells, Pattern: varPattern, Doc: "extra combinations, or values added to matching ones"},
	{Name: "exclude", Type: Cells, Pattern: varPattern, Doc: "combinations to leave out"},
	{Name: "fail_fast", Type: Bool, Doc: "cancel the other runs when one fails"},
	{Name: "max_parallel", Type: Int, Doc: "runs at once", Min: intp(1)},
}}

var Service = &Body{Name: "Service", Attrs: []Attr{
	{Name: "image", Type: Template, Required: true, Doc: "the service's container image"},
	{Name: "env", Type: Env, Pattern: varPattern, Doc: "the service's variables"},
	{Name: "ports", Type: IntList, Unique: true, Min: intp(1), Max: intp(65535), Doc: "ports published to the runner"},
}}

var Cache = &Body{Name: "Cache", Attrs: []Attr{
	{Name: "paths", Type: StringList, Required: true, Doc: "what to keep between runs", MinItems: 1},
	{Name: "key_files", Type: StringList, Doc: "files whose contents key the cache"},
	{Name: "key", Type: String, Doc: "a key prefix; default: the stage name"},
}}

var Artifact = &Body{Name: "Artifact", Attrs: []Attr{
	{Name: "paths", Type: StringList, Required: true, Doc: "the files handed to later stages", MinItems: 1},
	{Name: "expire_in", Type: Duration, Doc: "how long they are kept"},
}}

var Strategy = &Body{Name: "Strategy", Attrs: []Attr{
	{Name: "batches", Type: Int, Doc: "rolling: how many batches", Min: intp(1), Max: intp(100)},
	{Name: "max_parallel", Type: Int, Doc: "rolling: batches at once", Min: intp(1)},
	{Name: "increments", Type: IntList, Min: intp(1), Max: intp(99), MinItems: 1, Doc: "canary: traffic percentages before 100"},
	{Name: "approval", Type: Bool, Doc: "canary: a person approves each increase"},
}}

var Native = &Body{Name: "Native", AnyAttrs: true}

var Stage = &Body{
	Name: "Stage",
	Attrs: []Attr{
		{Name: "needs", Type: StringList, Pattern: namePattern, Unique: true, Doc: "stages that must succeed first"},
		{Name: "when", Type: Condition, Doc: "run only when this holds"},
		{Name: "runner", Type: Runner, Doc: "linux, linux-arm64, macos, windows, or a list of labels", Enum: runnerClasses, MinItems: 1},
		{Name: "image", Type: Template, Doc: "container image the stage runs in"},
		{Name: "env", Type: Env, Pattern: varPattern, Doc: "variables for every step"},
		{Name: "timeout", Type: Duration, Doc: "job timeout"},
		{Name: "retries", Type: Int, Doc: "how often a failed stage is tried again", Min: intp(0), Max: intp(10)},
		{Name: "allow_failure", Type: Bool, Doc: "a failure does not fail the pipeline"},
		{Name: "environment", Type: String, Doc: "the environment this stage deploys to"},
		{Name: "identity", Type: String, Doc: "the OIDC identity the stage logs in with"},
		{Name: "outputs", Type: StringList, Pattern: varPattern, Unique: true, Doc: "values later stages read as stage.NAME.outputs.KEY"},
	},
	Blocks: []Block{
		{Name: "matrix", Single: true, Body: Matrix, Doc: "run once per combination"},
		{Name: "service", Label: "name", LabelPattern: namePattern, Body: Service, Doc: "a sidecar container"},
		{Name: "cache", Single: true, Body: Cache, Doc: "files kept between runs"},
		{Name: "step", Label: "name", LabelPattern: namePattern, Required: true, Body: Step, Doc: "a shell command"},
		{Name: "artifact", Label: "name", LabelPattern: namePattern, Body: Artifact, Doc: "files handed to later stages"},
		{Name: "strategy", Label: "kind", Single: true, Body: Strategy, Doc: "rolling, blue_green or canary", Labels: []string{"rolling", "blue_green", "canary"}},
		{Name: "verify", Single: true, Body: StepGroup, Doc: "steps that check a deploy"},
		{Name: "switch", Single: true, Body: StepGroup, Doc: "blue/green: steps that move traffic"},
		{Name: "rollback", Single: true, Body: StepGroup, Doc: "steps that undo a failed deploy"},
		{Name: "native", Label: "target", Body: Native, Doc: "raw keys merged into one target's job", Labels: []string{"github", "gitlab", "circleci", "azure"}},
	},
}

var Pipeline = &Body{
	Name: "Pipeline",
	Attrs: []Attr{
		{Name: "description", Type: String, Doc: "what the pipeline is for"},
		{Name: "env", Type: Env, Pattern: varPattern, Doc: "plain variables for every stage; never secrets"},
	},
	Blocks: []Block{
		{Name: "on", Single: true, Required: true, Body: Triggers, Doc: "when the pipeline runs"},
		{Name: "defaults", Single: true, Body: Defaults, Doc: "settings every stage inherits"},
		{Name: "vault", Single: true, Body: Vault, Doc: "the Vault server vault secrets come from"},
		{Name: "secret", Label: "name", LabelPattern: varPattern, Body: Secret, Doc: "a secret stages may read"},
		{Name: "identity", Label: "name", LabelPattern: namePattern, Body: Identity, Doc: "an OIDC workload identity"},
		{Name: "environment", Label: "name", LabelPattern: namePattern, Body: Environment, Doc: "a deployment target"},
		{Name: "stage", Label: "name", LabelPattern: namePattern, Required: true, Body: Stage, Doc: "one unit of work on one runner"},
	},
}

// File is a spec file: one pipeline block, and in JSON, YAML and CUE the JSON Schema an
// editor checks it with, as editors write it in a JSON file ("$schema"; HCL has no such
// name).
var File = &Body{Name: "File", Attrs: []Attr{
	{Name: "$schema", Type: String, Doc: "the JSON Schema editors check this file with, such as ./pipeline.schema.json; pipec ignores it"},
}, Blocks: []Block{
	{Name: "pipeline", Label: "name", LabelPattern: pipelinePattern, Required: true, Only: true, Body: Pipeline, Doc: "one pipeline; its name names the output files"},
}}

// The compiler's name rules, at most 100 characters each: names that appear in
// references and job ids, names that become environment variables, and the pipeline's,
// which names the output files (the compiler also refuses names Windows reserves for
// devices, con or nul.yml, which no pattern here says).
const (
	namePattern     = `^[A-Za-z_][A-Za-z0-9_-]{0,99}$`
	varPattern      = `^[A-Za-z_][A-Za-z0-9_]{0,99}$`
	pipelinePattern = `^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$`
)

func intp(n int) *int { return &n }

// runnerClasses are the portable runner classes; any other runner is a list of labels.
var runnerClasses = []string{"linux", "linux-arm64", "macos", "windows"}
