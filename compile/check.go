package compile

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// checker is the check pass: one walk over the model that resolves names and reports every
// problem. Its tables are lookups only; nothing ranges over a map into output.
type checker struct {
	p     *model.Pipeline
	diags diag.Diagnostics

	stages      map[string]*model.Stage
	stageNames  *nameTable
	secrets     map[string]*model.Secret
	secretNames *nameTable
	// secretVars maps a platform variable (a secret's name in upper case) to the first
	// secret declared with it: secretNamed looks every env variable up there.
	secretVars   map[string]*model.Secret
	identities   map[string]*model.Identity
	identNames   *nameTable
	environments map[string]*model.Environment
	envNames     *nameTable
	inputs       map[string]*model.Input
	inputNames   *nameTable

	// order is the stages in dependency order (ties in spec order); nil after a cycle.
	order []*model.Stage
	// secretUse records, per step, which secrets it references (in declaration order).
	secretUse map[*model.Step][]*model.Secret
}

func newChecker(p *model.Pipeline) *checker {
	return &checker{
		p:            p,
		stages:       map[string]*model.Stage{},
		stageNames:   newNameTable("stage"),
		secrets:      map[string]*model.Secret{},
		secretVars:   map[string]*model.Secret{},
		secretNames:  newNameTable("secret"),
		identities:   map[string]*model.Identity{},
		identNames:   newNameTable("identity"),
		environments: map[string]*model.Environment{},
		envNames:     newNameTable("environment"),
		inputs:       map[string]*model.Input{},
		inputNames:   newNameTable("input"),
		secretUse:    map[*model.Step][]*model.Secret{},
	}
}

func (c *checker) check() {
	p := c.p
	if p == nil {
		return
	}
	if !rePipeline().MatchString(p.Name) {
		c.diags.Errorf(p.NameRange, "bad-name", "the name names the output files: use ASCII letters, digits, '.', '_' and '-', starting with an ASCII letter, a digit or '_'", "invalid pipeline name %q", p.Name)
	} else if windowsDevice().MatchString(p.Name) {
		c.diags.Errorf(p.NameRange, "bad-name", "the name names the output files, and Windows reserves CON, PRN, AUX, NUL, COM1-9 and LPT1-9 (with any extension) for devices", "invalid pipeline name %q", p.Name)
	} else {
		c.checkNameLength("pipeline", p.Name, p.NameRange)
	}
	c.declare()
	c.checkTriggers()
	c.checkEnv(p.Env, scope{where: "pipeline env"})
	if d := p.Defaults; d != nil {
		c.checkRunner(d.Runner)
		if d.Image != nil {
			c.checkTemplate(*d.Image, scope{where: "defaults image"})
			c.checkImage(*d.Image, "image")
		}
		c.checkRetries(d.Retries)
	}
	c.checkSecrets()
	c.checkIdentities()
	c.checkEnvironments()
	if len(p.Stages) == 0 && !p.MisspelledIn(p.Range, "stage") {
		// Every platform needs a job: GitHub and CircleCI refuse a workflow without
		// one, and GitLab a pipeline without a visible job.
		c.diags.Errorf(p.NameRange, "empty-pipeline", "add a "+c.code(`stage "NAME" { step "NAME" { run = "..." } }`)+" block", "pipeline %q has no stages", p.Name)
	}
	c.checkStages(p.Stages)
	c.checkGraph()
	c.checkNUL()
}

// declare records every declared name first, so references can point forwards.
func (c *checker) declare() {
	p := c.p
	for _, s := range p.Stages {
		c.checkName(reName(), "stage", s.Name, s.NameRange, expectName)
		if c.stageNames.add(c, s.Name, s.NameRange) {
			c.stages[s.Name] = s
		}
	}
	for _, s := range p.Secrets {
		c.checkName(reVar(), "secret", s.Name, s.NameRange, expectVar+" (it names the platform's secret)")
		if c.secretNames.add(c, s.Name, s.NameRange) {
			c.secrets[s.Name] = s
		}
		if v := varForm(s.Name); reVar().MatchString(s.Name) && c.secretVars[v] == nil {
			c.secretVars[v] = s
		}
	}
	for _, id := range p.Identities {
		c.checkName(reName(), "identity", id.Name, id.NameRange, expectName)
		if c.identNames.add(c, id.Name, id.NameRange) {
			c.identities[id.Name] = id
		}
	}
	for _, e := range p.Environments {
		c.checkName(reName(), "environment", e.Name, e.NameRange, expectName)
		if c.envNames.add(c, e.Name, e.NameRange) {
			c.environments[e.Name] = e
		}
	}
	if p.On != nil && p.On.Manual != nil {
		for _, in := range p.On.Manual.Inputs {
			c.checkName(reVar(), "input", in.Name, in.NameRange, expectVar)
			if c.inputNames.add(c, in.Name, in.NameRange) {
				c.inputs[in.Name] = in
			}
		}
	}
	// A declaration the front end reported and dropped (a misspelt block name, or one
	// written in another block) is not there to be referred to: references to unknown
	// names of its kind are that error's consequence, not mistakes of their own.
	c.stageNames.dropped = p.MisspelledWithin(p.Range, "stage")
	c.secretNames.dropped = p.MisspelledWithin(p.Range, "secret")
	// A stage's own identity or environment attribute, misspelt or of the wrong type, is
	// no dropped declaration: it must not hide another stage's unknown name.
	c.identNames.dropped = c.blockDropped("identity")
	c.envNames.dropped = c.blockDropped("environment")
	c.inputNames.dropped = p.On == nil && p.MisspelledWithin(p.Range, "on") ||
		p.On != nil && p.On.Manual == nil && p.MisspelledWithin(p.Range, "manual") ||
		p.MisspelledWithin(p.Range, "input")
	c.checkVarForms(reName(), "stages", c.stageNames.order, rangesOf(c.stageNames))
	c.checkOutputForms()
	c.checkEnvironmentCase()
	c.checkVarForms(reVar(), "secrets", c.secretNames.order, rangesOf(c.secretNames))
	c.checkVarForms(reVar(), "inputs", c.inputNames.order, rangesOf(c.inputNames))
}

// checkEnvironmentCase reports environments whose names differ only by case. GitHub
// and Azure Pipelines compare environment names without case, so the two would be one
// environment there, with one set of protection rules and approvals (an environment
// with approval and one without would both wait for the reviewers), while GitLab keeps
// two.
func (c *checker) checkEnvironmentCase() {
	first := map[string]string{}
	for _, n := range c.envNames.order {
		f := strings.ToLower(n)
		if prev, ok := first[f]; ok {
			d := c.diags.Errorf(c.envNames.first[n], "name-collision", "GitHub and Azure Pipelines compare environment names without case, so both would be one environment there, with one set of protection rules; rename one", "environments %q and %q collide", prev, n)
			d.Related = append(d.Related, diag.Note{Message: "the other one", Subject: c.envNames.first[prev]})
			continue
		}
		first[f] = n
	}
}

func rangesOf(t *nameTable) []diag.Range {
	out := make([]diag.Range, len(t.order))
	for i, n := range t.order {
		out[i] = t.first[n]
	}
	return out
}

func (c *checker) checkTriggers() {
	on := c.p.On
	if on == nil || (on.Push == nil && on.PullRequest == nil && len(on.Schedules) == 0 && on.Manual == nil) {
		// A misspelled `on` or trigger block was reported with its "did you mean".
		if on == nil && c.p.MisspelledWithin(c.p.Range, "on") || on != nil && c.p.MisspelledIn(on.Range, "push", "pull_request", "schedule", "manual") {
			return
		}
		rng := c.p.NameRange
		if on != nil {
			rng = on.Range
		}
		c.diags.Errorf(rng, "missing-trigger", "add an on block with push, pull_request, schedule or manual", "pipeline has no trigger")
		return
	}
	if pu := on.Push; pu != nil {
		c.checkGlobs(pu.Branches, true)
		c.checkGlobs(pu.Tags, true)
		c.checkGlobs(pu.Paths, false)
		c.checkGlobs(pu.PathsIgnore, false)
	}
	if pr := on.PullRequest; pr != nil {
		c.checkGlobs(pr.Branches, true)
		c.checkGlobs(pr.Paths, false)
		c.checkGlobs(pr.PathsIgnore, false)
	}
	schedules := newNameTable("schedule")
	for _, s := range on.Schedules {
		c.checkName(reName(), "schedule", s.Name, s.NameRange, expectName)
		schedules.add(c, s.Name, s.NameRange)
		if s.Cron.Range.IsZero() {
			// No cron attribute: the front end reported it missing, at the block; a
			// second error here would have no position (FuzzBuild found it).
			continue
		}
		if err := checkCron(s.Cron.Value); err != nil {
			c.diags.Errorf(s.Cron.Range, "bad-cron", err.Error(), "invalid cron expression %q", s.Cron.Value)
		} else if err := cronNeverFires(s.Cron.Value); err != nil {
			c.diags.Errorf(s.Cron.Range, "never-runs", err.Error(), "schedule %q never runs", s.Name)
		}
	}
	if on.Manual != nil {
		for _, in := range on.Manual.Inputs {
			c.checkInput(in)
		}
	}
}

// blockDropped reports whether the front end dropped a declaration block of kind
// (written in a block that does not take it, or misspelt at the pipeline's level), as
// opposed to a stage's attribute of that name.
func (c *checker) blockDropped(kind string) bool {
	for _, m := range c.p.Misspelled {
		if m.Name == kind && !slices.ContainsFunc(c.p.Stages, func(s *model.Stage) bool { return s.Range == m.In }) {
			return true
		}
	}
	return false
}

// checkNoBlankPaths reports a path that is empty (one of blanks names a file): every target
// would write it as given (an empty actions/cache path, a hashFiles key of no file, a
// collect step that finds nothing and fails the job), so it is a mistake in the spec.
func (c *checker) checkNoBlankPaths(paths []model.String, what, expect string) {
	for _, p := range paths {
		if p.Value == "" && !p.Range.IsZero() {
			c.diags.Errorf(p.Range, "bad-value", expect, "empty %s", what)
		}
	}
}

func (c *checker) checkGlobs(globs []model.String, ref bool) {
	negated := 0
	for _, g := range globs {
		if strings.HasPrefix(g.Value, "!") {
			negated++
		}
	}
	if negated > 0 && negated == len(globs) {
		c.diags.Errorf(globs[0].Range, "negated-globs-only", "a ! pattern removes names from the ones listed before it; start with what to include, e.g. [\"**\", \"!wip/**\"]", "a filter of only negated patterns matches nothing")
	} else if negated > 0 && strings.HasPrefix(globs[0].Value, "!") {
		c.diags.Warnf(globs[0].Range, "negated-glob-first", "a ! pattern removes names from the ones listed before it, and the patterns after it add names back: move it after the patterns it should filter, e.g. [\"**\", \"!wip/**\"]", "pattern %q removes nothing: no pattern comes before it", globs[0].Value)
	}
	for _, g := range globs {
		if err := checkGlob(g.Value, ref); err != nil {
			c.diags.Errorf(g.Range, "bad-glob", err.Error(), "invalid pattern %q", g.Value)
		}
	}
}

func (c *checker) checkInput(in *model.Input) {
	typ := in.Type.Value
	if typ == "" && in.Type.Range.IsZero() {
		typ = model.InputString // no type written; type = "" is no type the platforms know
	}
	known := false
	for _, t := range model.InputTypes {
		known = known || t == typ
	}
	if in.Type.Range.IsZero() && c.p.MisspelledIn(in.Range, "type") {
		return // the type was misspelt or not a string, and reported: its options and default cannot be checked against it
	}
	if !known {
		detail := "input types are " + diag.List(model.InputTypes)
		if s := diag.DidYouMean(typ, model.InputTypes); s != "" {
			detail = s
		}
		c.diags.Errorf(in.Type.Range, "bad-input-type", detail, "unknown input type %q", typ)
		return
	}
	if typ == model.InputChoice && len(in.Options) == 0 && !c.p.MisspelledIn(in.Range, "options") {
		c.diags.Errorf(in.Range, "missing-options", "a choice input lists its options: "+c.code(`options = ["a", "b"]`), "choice input %q has no options", in.Name)
	}
	if typ != model.InputChoice && len(in.Options) > 0 {
		c.diags.Errorf(in.Options[0].Range, "options-not-allowed", "only "+c.code(`type = "choice"`)+" takes options", "%s input %q cannot have options", typ, in.Name)
	}
	// An option listed twice is a slip: the run form would offer it twice, and a test
	// against it could not tell which was meant.
	seen := map[string]bool{}
	for _, o := range in.Options {
		if seen[o.Value] {
			c.diags.Errorf(o.Range, "duplicate-value", "each option of a choice input is listed once", "input %q lists option %q twice", in.Name, o.Value)
		}
		seen[o.Value] = true
	}
	if d := in.Default; d != nil {
		ok := true
		switch typ {
		case model.InputBoolean:
			ok = d.Kind == model.KindBool
		case model.InputNumber:
			ok = d.Kind == model.KindNumber
		default:
			ok = d.Kind == model.KindString
		}
		if !ok {
			c.diags.Errorf(d.Range, "bad-default", "the default must have the input's type", "default of %s input %q has the wrong type", typ, in.Name)
		} else if typ == model.InputNumber && leadingZero(d.Str) {
			c.diags.Errorf(d.Range, "bad-default", fmt.Sprintf("GitLab and CircleCI read a number with a leading zero as octal (010 is 8) and GitHub's JSON refuses it; write %s", withoutLeadingZeros(d.Str)), "default %s of number input %q has a leading zero", d.Str, in.Name)
		} else if typ == model.InputNumber && !plainDecimal(d.Str) {
			want := "digits, a minus sign and a fraction only"
			if n, ok := decimalOf(d.Str); ok {
				want = "write " + n
			}
			c.diags.Errorf(d.Range, "bad-default", "a number input's default is written as a number into every target's file, and only a plain decimal reads as the same number in each: GitLab reads YAML 1.1, where 1e3 and 0o17 are text, and refuses the pipeline (\"default value is not a number\"), and GitHub's JSON refuses 0x1F, 1_000, +1 and .5; "+want, "default %s of number input %q is not written as a plain decimal number", d.Str, in.Name)
		} else if typ == model.InputChoice {
			found := false
			var opts []string
			for _, o := range in.Options {
				found = found || o.Value == d.Str
				opts = append(opts, o.Value)
			}
			if !found && len(opts) > 0 {
				c.diags.Errorf(d.Range, "bad-default", "the default must be one of the options: "+diag.List(opts), "default %q is not an option of input %q", d.Str, in.Name)
			}
		}
	}
}

// leadingZero reports a number written with a zero before its other digits ("010",
// "-007"), which YAML 1.1 reads as octal: a number input's default is written as a
// number into every target's file.
func leadingZero(num string) bool {
	s := strings.TrimPrefix(num, "-")
	return len(s) > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9'
}

// plainDecimal reports whether num is written as [-]DIGITS[.DIGITS], the one form of a
// number that YAML 1.1 (GitLab's Psych), YAML 1.2 and JSON all read as that number: a
// number input's default is written as a number into every target's file.
func plainDecimal(num string) bool {
	s := strings.TrimPrefix(num, "-")
	whole, frac, dot := strings.Cut(s, ".")
	digits := func(t string) bool {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return t != ""
	}
	return digits(whole) && (!dot || digits(frac))
}

// decimalOf writes num (1e3, 0x1F, 1_000, +.5) as a plain decimal (1000, 31, 1000,
// 0.5), for a message that says what to write.
func decimalOf(num string) (string, bool) {
	if i, err := strconv.ParseInt(num, 0, 64); err == nil {
		return strconv.FormatInt(i, 10), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(num, "_", ""), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// withoutLeadingZeros is num without the zeros leadingZero finds ("-007" is "-7", "00.5"
// is "0.5").
func withoutLeadingZeros(num string) string {
	sign, s := "", num
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	for len(s) > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9' {
		s = s[1:]
	}
	return sign + s
}

func (c *checker) checkRunner(r *model.Runner) {
	if r == nil {
		return
	}
	if r.Class != "" {
		for _, k := range model.RunnerClasses {
			if k == r.Class {
				return
			}
		}
		detail := "runner classes are " + diag.List(model.RunnerClasses) + "; for a self-hosted runner give a list of labels: [\"self-hosted\", \"gpu\"]"
		if s := diag.DidYouMean(r.Class, model.RunnerClasses); s != "" {
			detail = s
		}
		c.diags.Errorf(r.Range, "unknown-runner", detail, "unknown runner class %q", r.Class)
		return
	}
	if len(r.Labels) == 0 {
		c.diags.Errorf(r.Range, "unknown-runner", "give a runner class or at least one label", "empty runner label list")
	}
	named := ""
	for _, l := range r.Labels {
		switch v := strings.ToLower(l.Value); v {
		case model.RunnerLinux, model.RunnerMacOS, model.RunnerWindows:
			// A job needs a runner with all its labels, and no machine runs two operating
			// systems; the targets would also each pick the first one to write for.
			if named != "" && v != named {
				c.diags.Errorf(l.Range, "unknown-runner", "a runner has one operating system, and a job waits for a runner with all its labels: keep one of them",
					"runner labels name two operating systems, %q and %q", named, v)
			}
			named = v
		}
		switch {
		case strings.TrimSpace(l.Value) == "" || strings.ContainsAny(l.Value, "\n\t"):
			c.diags.Errorf(l.Range, "bad-name", "labels are non-empty single-line strings", "invalid runner label %q", l.Value)
		case strings.Contains(l.Value, ","):
			// GitHub's and GitLab's runners are registered with a comma-separated list of
			// labels (tags), so no runner has a label with a comma: a job asking for one
			// waits for a runner forever. It is the registration list written as one label.
			c.diags.Errorf(l.Range, "bad-name", "a runner label cannot hold a comma: runners are registered with comma-separated labels, so none has this one; write each label as its own element: "+labelList(strings.Split(l.Value, ",")),
				"runner label %q holds a comma", l.Value)
		}
	}
}

// labelList renders labels as a spec's list: ["self-hosted", "gpu"].
func labelList(labels []string) string {
	q := make([]string, 0, len(labels))
	for _, l := range labels {
		if l = strings.TrimSpace(l); l != "" {
			q = append(q, fmt.Sprintf("%q", l))
		}
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (c *checker) checkRetries(r *model.Int) {
	if r != nil && (r.Value < 0 || r.Value > 10) {
		c.diags.Errorf(r.Range, "bad-retries", "retries is a count from 0 to 10", "retries %d is out of range", r.Value)
	}
}

func (c *checker) checkSecrets() {
	for _, s := range c.p.Secrets {
		if s.Vault != nil && c.p.Vault == nil && !c.p.MisspelledWithin(c.p.Range, "vault") {
			c.diags.Errorf(s.Vault.Range, "vault-not-configured", "add a pipeline-level vault { address, role } block that says which server to read from", "secret %q reads from Vault but the pipeline has no vault block", s.Name)
		}
		if s.Vault != nil {
			c.checkVaultPath(s)
		}
	}
}

// checkVaultPath reports a Vault secret's path or field that no target can read. Every
// back end splits the path into the KV mount and the secret's path inside it (GitLab's
// engine path, the vault CLI's -mount), so it needs both, and names each part once:
// an empty part, or a leading or trailing slash, leaves GitLab an empty mount and the
// CLI and vault-action a different path, and each fails only when the job runs.
func (c *checker) checkVaultPath(s *model.Secret) {
	const expect = "a Vault path is MOUNT/PATH (KV v1) or MOUNT/data/PATH (KV v2), e.g. secret/data/app/db, without a leading or trailing slash"
	vpath, field := s.Vault.Path, s.Vault.Field
	switch {
	case vpath.Range.IsZero():
	case strings.IndexFunc(vpath.Value, unicode.IsControl) >= 0:
		c.diags.Errorf(vpath.Range, "bad-value", expect, "Vault path %q of secret %q holds a control character", vpath.Value, s.Name)
	case !strings.Contains(vpath.Value, "/") || slices.Contains(strings.Split(vpath.Value, "/"), ""):
		c.diags.Errorf(vpath.Range, "bad-value", expect, "Vault path %q of secret %q is not MOUNT/PATH", vpath.Value, s.Name)
	}
	switch {
	case field.Range.IsZero():
	case field.Value == "":
		c.diags.Errorf(field.Range, "bad-value", "field names the key to read inside the secret, e.g. password", "secret %q has an empty Vault field", s.Name)
	case strings.IndexFunc(field.Value, unicode.IsControl) >= 0:
		c.diags.Errorf(field.Range, "bad-value", "field names the key to read inside the secret, e.g. password", "Vault field %q of secret %q holds a control character", field.Value, s.Name)
	}
}

func (c *checker) checkIdentities() {
	for _, id := range c.p.Identities {
		c.checkIdentityValues(id)
		// Without an env attribute the front end reported it missing, at the block; a
		// second error here would have no position (FuzzBuild found it).
		if id.OIDC != nil && !id.OIDC.Env.Range.IsZero() && !reVar().MatchString(id.OIDC.Env.Value) {
			c.diags.Errorf(id.OIDC.Env.Range, "bad-name", expectVar, "invalid environment variable name %q", id.OIDC.Env.Value)
		} else if id.OIDC != nil && !id.OIDC.Env.Range.IsZero() {
			if s := c.secretNamed(id.OIDC.Env.Value); s != nil {
				d := c.diags.Errorf(id.OIDC.Env.Range, "name-collision", fmt.Sprintf("GitLab, CircleCI and Azure Pipelines keep secret %q in the variable %s too, and one value would replace the other in the stages that use the identity; name the token's variable differently", s.Name, varForm(s.Name)), "identity %q's token variable %q is secret %q's variable", id.Name, id.OIDC.Env.Value, s.Name)
				d.Related = append(d.Related, diag.Note{Message: "the secret", Subject: s.NameRange})
			} else if why := reservedTokenVar(id.OIDC.Env.Value); why != "" {
				c.diags.Errorf(id.OIDC.Env.Range, "reserved-name", why+"; name the token's variable differently", "identity %q's token variable %q is reserved", id.Name, id.OIDC.Env.Value)
			}
		}
	}
}

// reservedTokenVar says why a raw oidc identity's token variable is one pipec sets
// itself in the jobs that use it, or "": its PIPEC_* variables, and the Vault client's,
// where a script that sends the token would send the Vault token instead. Names are
// compared without case, as Windows and Azure Pipelines read them.
func reservedTokenVar(name string) string {
	switch n := strings.ToUpper(name); {
	case strings.HasPrefix(n, "PIPEC_"):
		return "pipec passes references to scripts through PIPEC_* variables"
	case slices.Contains([]string{"VAULT_ADDR", "VAULT_TOKEN", "VAULT_ID_TOKEN", "VAULT_SERVER_URL", "VAULT_AUTH_ROLE", "VAULT_AUTH_PATH"}, n):
		return "pipec logs in to Vault through VAULT_ADDR and VAULT_TOKEN (on GitLab VAULT_ID_TOKEN, VAULT_SERVER_URL, VAULT_AUTH_ROLE and VAULT_AUTH_PATH) in the jobs that read Vault secrets, where the Vault token would replace the OIDC token"
	}
	return ""
}

func (c *checker) checkEnvironments() {
	for _, e := range c.p.Environments {
		if e.URL != nil {
			c.checkURL(*e.URL, "an environment url starts with https:// or http://")
		}
		c.checkGlobs(e.Branches, true)
	}
	// Vault's clients (vault-action, the vault CLI through VAULT_ADDR, GitLab's secrets:)
	// need the scheme: without one every read fails when the job runs.
	if v := c.p.Vault; v != nil && !v.Address.Range.IsZero() {
		c.checkURL(v.Address, "a Vault address starts with https:// or http://, e.g. https://vault.example.com:8200")
	}
	if v := c.p.Vault; v != nil {
		if !v.Role.Range.IsZero() && strings.TrimSpace(v.Role.Value) == "" {
			// Every target logs in with it (vault-action's role:, GitLab's VAULT_AUTH_ROLE,
			// vault write auth/jwt/login role=): an empty one fails when the job runs.
			c.diags.Errorf(v.Role.Range, "bad-value", "role names the Vault JWT/OIDC role the CI token logs in with, e.g. ci", "empty Vault role")
		}
		c.checkNoControl(v.Role, "role")
		c.checkAuthPath(v.AuthPath)
		c.checkAudience(&v.Audience)
		if v.ServiceConnection != nil {
			c.checkNoControl(*v.ServiceConnection, "service_connection")
		}
	}
}

// checkURL reports a URL that does not start with https:// or http://, or that holds a
// blank, a line break or a control character, which a URL carries percent-encoded
// (a browser or client cuts it there, and GitLab links the environment by it).
func (c *checker) checkURL(u model.String, detail string) {
	if !strings.HasPrefix(u.Value, "https://") && !strings.HasPrefix(u.Value, "http://") {
		c.diags.Errorf(u.Range, "bad-url", detail, "invalid url %q", u.Value)
		return
	}
	if i := strings.IndexFunc(u.Value, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }); i >= 0 {
		c.diags.Errorf(u.Range, "bad-url", fmt.Sprintf("a URL holds no blanks, line breaks or control characters: percent-encode them (%%%02X)", u.Value[i]), "invalid url %q", u.Value)
	}
}

func (c *checker) checkEnv(env []*model.EnvVar, sc scope) {
	names := newNameTable("variable")
	folded := map[string]*model.EnvVar{}
	for _, v := range env {
		c.checkName(reVar(), "variable", v.Name, v.NameRange, expectVar)
		names.add(c, v.Name, v.NameRange)
		// GitHub reads env names without case (it refuses the workflow), Azure upper-cases
		// variable names, and Windows has one variable for both.
		if prev, ok := folded[strings.ToUpper(v.Name)]; ok && prev.Name != v.Name {
			d := c.diags.Errorf(v.NameRange, "name-collision", "GitHub Actions and Azure Pipelines read environment variable names without case, and so does Windows; rename one", "variables %q and %q collide", prev.Name, v.Name)
			d.Related = append(d.Related, diag.Note{Message: "the other one", Subject: prev.NameRange})
		} else if !ok {
			folded[strings.ToUpper(v.Name)] = v
		}
		if strings.HasPrefix(strings.ToUpper(v.Name), "PIPEC_") {
			c.diags.Errorf(v.NameRange, "reserved-name", "pipec passes references to scripts through PIPEC_* variables", "variable name %q is reserved", v.Name)
		}
		s := sc
		s.allowSecret = sc.allowSecret
		c.checkTemplate(v.Value, s)
		c.checkEnvShadow(v, sc)
	}
}

// secretNamed is the declared secret whose platform variable (its name in upper case) is
// name, read without case as Azure Pipelines and Windows read variable names; nil if none.
func (c *checker) secretNamed(name string) *model.Secret {
	return c.secretVars[strings.ToUpper(name)]
}

// checkEnvShadow reports an env variable named like a variable the platform itself gives
// the scripts. GitLab, CircleCI and Azure Pipelines keep a platform secret in a variable
// named after it, so an env variable of that name and another value would silently
// replace the secret, or be replaced by it (GitLab's project variables outrank the
// file's; Azure's $(NAME) and CircleCI's $NAME read the file's). Only the secret itself
// may be given that name. A raw oidc identity's token is a variable of its env name in
// every job of a stage that uses the identity; an env variable of that name in the
// stage, its steps or the pipeline would be replaced by the token on one platform and
// replace it on another.
func (c *checker) checkEnvShadow(v *model.EnvVar, sc scope) {
	if s := c.secretNamed(v.Name); s != nil {
		refs := v.Value.Refs()
		own := len(v.Value.Parts) == 1 && len(refs) == 1 && len(refs[0].Path) == 2 && refs[0].Path[0] == "secret" && refs[0].Path[1] == s.Name
		// A step's own env holds only for that step, on every platform: it may reuse the
		// name as long as nothing in the step reads the secret it hides.
		if !own && (sc.step == nil || stepReadsSecret(sc.step, s.Name)) {
			d := c.diags.Errorf(v.NameRange, "name-collision", fmt.Sprintf("GitLab, CircleCI and Azure Pipelines keep secret %q in the variable %s, and one value would replace the other there; rename the variable, or give it the value secret.%s", s.Name, varForm(s.Name), s.Name), "%s variable %q has the name of secret %q's variable", sc.where, v.Name, s.Name)
			d.Related = append(d.Related, diag.Note{Message: "the secret", Subject: s.NameRange})
			return
		}
	}
	if sc.where == "service env" {
		return
	}
	for _, id := range c.p.Identities {
		if id.OIDC == nil || !strings.EqualFold(id.OIDC.Env.Value, v.Name) || !c.identityUsed(id, sc.stage) {
			continue
		}
		d := c.diags.Errorf(v.NameRange, "name-collision", fmt.Sprintf("identity %q puts its OIDC token in %s in every job of the stages that use it, and the platforms disagree on which of the two values a script sees; rename the variable", id.Name, id.OIDC.Env.Value), "%s variable %q has the name of identity %q's token variable", sc.where, v.Name, id.Name)
		d.Related = append(d.Related, diag.Note{Message: "the token's variable", Subject: id.OIDC.Env.Range})
		return
	}
}

// stepReadsSecret reports whether the step's run or env reads secret name.
func stepReadsSecret(st *model.Step, name string) bool {
	reads := func(t expr.Template) bool {
		for _, r := range t.Refs() {
			if len(r.Path) == 2 && r.Path[0] == "secret" && r.Path[1] == name {
				return true
			}
		}
		return false
	}
	if reads(st.Run) {
		return true
	}
	for _, v := range st.Env {
		if reads(v.Value) {
			return true
		}
	}
	return false
}

// identityUsed reports whether stage uses identity id; with no stage (pipeline env),
// whether any stage does.
func (c *checker) identityUsed(id *model.Identity, stage *model.Stage) bool {
	if stage != nil {
		return stage.Identity != nil && stage.Identity.Value == id.Name
	}
	for _, s := range c.p.Stages {
		if s.Identity != nil && s.Identity.Value == id.Name {
			return true
		}
	}
	return false
}

func (c *checker) checkStage(s *model.Stage) {
	sc := scope{stage: s, where: "stage " + s.Name}
	// One diagnostic per mistake: a name listed again is reported as a duplicate only,
	// not checked (and reported as a self-need or unknown stage) a second time.
	seen := make(map[string]bool, len(s.Needs))
	for _, n := range s.Needs {
		switch {
		case seen[n.Value]:
			c.diags.Errorf(n.Range, "duplicate-need", "list each stage once", "stage %q needs %q twice", s.Name, n.Value)
		case n.Value == s.Name:
			c.diags.Errorf(n.Range, "self-need", "remove it from needs", "stage %q needs itself", s.Name)
		case !c.stageNames.has(n.Value):
			c.stageNames.unknown(c, "unknown-need", n.Value, n.Range, fmt.Sprintf("stage %q needs", s.Name), s.Name)
		}
		seen[n.Value] = true
	}
	c.checkRunner(s.Runner)
	c.checkRetries(s.Retries)
	if s.Image != nil {
		c.checkTemplate(*s.Image, scope{stage: s, where: "image"})
		c.checkImage(*s.Image, "image")
	}
	var env *model.Environment
	if s.Environment != nil {
		if e, ok := c.environments[s.Environment.Value]; ok {
			env = e
		} else {
			c.envNames.unknown(c, "unknown-environment", s.Environment.Value, s.Environment.Range, fmt.Sprintf("stage %q deploys to", s.Name), "")
		}
	}
	if s.Identity != nil && c.identities[s.Identity.Value] == nil {
		c.identNames.unknown(c, "unknown-identity", s.Identity.Value, s.Identity.Range, fmt.Sprintf("stage %q uses", s.Name), "")
	}
	if s.When != nil {
		c.checkWhen(s.When, sc)
	}
	c.checkEnv(s.Env, scope{stage: s, where: "stage env"})
	c.checkMatrix(s)
	services := newNameTable("service")
	for _, sv := range s.Services {
		c.checkName(reName(), "service", sv.Name, sv.NameRange, expectName)
		services.add(c, sv.Name, sv.NameRange)
		c.checkTemplate(sv.Image, scope{stage: s, where: "service image"})
		c.checkImage(sv.Image, "service image")
		c.checkEnv(sv.Env, scope{stage: s, where: "service env"})
		ports := make(map[int]bool, len(sv.Ports))
		for _, p := range sv.Ports {
			switch {
			case p.Value < 1 || p.Value > 65535:
				c.diags.Errorf(p.Range, "bad-value", "a port is a number from 1 to 65535", "port %d of service %q is out of range", p.Value, sv.Name)
			case ports[p.Value]:
				// Every target publishes each listed port, and none takes one twice.
				c.diags.Errorf(p.Range, "duplicate-value", "list each port once", "service %q lists port %d twice", sv.Name, p.Value)
			}
			ports[p.Value] = true
		}
	}
	c.checkFoldedNames(reName(), "services", "GitHub compares service names without case, and a job reaches a service by its name as a host name, which DNS reads without case; rename one", services.order, rangesOf(services))
	// A missing paths attribute is the front end's to report (missing-attribute); an
	// empty list is this check's.
	if s.Cache != nil {
		if s.Cache.Paths != nil && len(s.Cache.Paths) == 0 && !c.p.MisspelledIn(s.Cache.Range, "paths") {
			c.diags.Errorf(s.Cache.Range, "missing-attribute", "list what to keep: "+c.code(`paths = ["~/.cache/pip"]`), "cache has no paths")
		}
		c.checkNoBlankPaths(s.Cache.Paths, "cache path", "a path names a file or directory to keep, e.g. ~/.cache/pip")
		c.checkNoBlankPaths(s.Cache.KeyFiles, "cache key file", "a key file names a file (or glob) whose contents key the cache, e.g. go.sum")
	}
	artifacts := newNameTable("artifact")
	for _, a := range s.Artifacts {
		c.checkName(reName(), "artifact", a.Name, a.NameRange, expectName)
		artifacts.add(c, a.Name, a.NameRange)
		if a.Paths != nil && len(a.Paths) == 0 && !c.p.MisspelledIn(a.Range, "paths") {
			c.diags.Errorf(a.Range, "missing-attribute", "list the files: "+c.code(`paths = ["dist/"]`), "artifact %q has no paths", a.Name)
		}
		c.checkNoBlankPaths(a.Paths, "artifact path", "a path names a file, directory or glob to hand on, e.g. dist/")
		for _, p := range a.Paths {
			if OutsideProject(p.Value) {
				c.diags.Errorf(p.Range, "artifact-outside-project", "the stages after this one get an artifact's files at the paths they were collected from, relative to the project directory: write the files under it", "artifact path %q is outside the project directory", p.Value)
			}
		}
	}
	if len(s.Steps) == 0 && !c.p.MisspelledWithin(s.Range, "step") {
		c.diags.Errorf(s.NameRange, "empty-stage", "add a "+c.code(`step "NAME" { run = "..." }`)+" block", "stage %q has no steps", s.Name)
	}
	steps := newNameTable("step")
	for _, st := range s.Steps {
		c.checkStep(s, st, steps)
	}
	for _, g := range []*model.StepGroup{s.Verify, s.Switch, s.Rollback} {
		if g == nil {
			continue
		}
		if len(g.Steps) == 0 && !c.p.MisspelledIn(g.Range, "step") {
			c.diags.Errorf(g.Range, "empty-stage", "add at least one step, or remove the block", "block has no steps")
		}
		for _, st := range g.Steps {
			c.checkStep(s, st, steps)
		}
	}
	// A matrix of one cell is one job: its values are the ones the stages after it read.
	if s.Matrix != nil && len(s.Outputs) > 0 && len(s.Matrix.Cells()) > 1 {
		c.diags.Warnf(s.Outputs[0].Range, "outputs-from-matrix", "every job of the matrix writes its own values; the stages after it read whichever one the platform keeps", "stage %q has a matrix and outputs", s.Name)
	}
	outputs := newNameTable("output")
	for _, o := range s.Outputs {
		c.checkName(reVar(), "output", o.Value, o.Range, expectVar)
		if strings.HasPrefix(strings.ToUpper(o.Value), "PIPEC_") {
			// GitHub jobs publish pipec's own outputs beside the stage's (pipec_started,
			// which tells a rollback the deploy began), and compare their names without
			// case: the stage's would be replaced.
			c.diags.Errorf(o.Range, "reserved-name", "pipec publishes outputs of its own named pipec_* beside a stage's; rename it", "output name %q is reserved", o.Value)
		}
		outputs.add(c, o.Value, o.Range)
	}
	c.checkVarForms(reVar(), "outputs", outputs.order, rangesOf(outputs))
	c.checkStrategy(s, env)
	natives := newNameTable("native block for target")
	for _, n := range s.Natives {
		natives.add(c, n.Target, n.TargetRange)
		known := []string{"github", "gitlab", "circleci", "azure"}
		if !contains(known, n.Target) {
			detail := "targets are " + diag.List(known)
			if sug := diag.DidYouMean(n.Target, known); sug != "" {
				detail = sug
			}
			c.diags.Errorf(n.TargetRange, "unknown-target", detail, "unknown target %q", n.Target)
		}
		c.checkNativeKeys(n.Body)
	}
}

func (c *checker) checkStep(s *model.Stage, st *model.Step, names *nameTable) {
	c.checkName(reName(), "step", st.Name, st.NameRange, expectName)
	names.add(c, st.Name, st.NameRange)
	sc := scope{stage: s, step: st, allowSecret: true, where: "run"}
	c.checkTemplate(st.Run, sc)
	// An absent run (zero) was reported by the front end as a missing attribute.
	if !st.Run.IsZero() && strings.TrimSpace(st.Run.Text()) == "" {
		c.diags.Errorf(st.Run.Range, "empty-run", "write the command the step runs", "step %q runs nothing", st.Name)
	}
	c.checkEnv(st.Env, scope{stage: s, step: st, allowSecret: true, where: "step env"})
	if st.WorkingDirectory != nil {
		wd := *st.WorkingDirectory
		c.checkTemplate(wd, scope{stage: s, step: st, where: "working_directory"})
		// Only CircleCI reads a leading ~ as the home directory; GitHub, GitLab (whose cd
		// gets the path quoted) and Azure read it as a directory named ~ in the project,
		// and GitHub has no expression for the home directory to write instead.
		if len(wd.Parts) > 0 && wd.Parts[0].Ref == nil && strings.HasPrefix(wd.Parts[0].Lit, "~") {
			c.diags.Errorf(wd.Range, "bad-value", "only CircleCI reads ~ as the home directory: GitHub, GitLab and Azure would look for a directory named ~ in the project; give a path relative to the project, an absolute path, or cd in the step's run",
				"working_directory %q starts with ~", wd.Text())
		}
	}
	if st.Shell != nil && !contains(model.Shells, st.Shell.Value) {
		detail := "shells are " + diag.List(model.Shells)
		if sug := diag.DidYouMean(st.Shell.Value, model.Shells); sug != "" {
			detail = sug
		}
		c.diags.Errorf(st.Shell.Range, "unknown-shell", detail, "unknown shell %q", st.Shell.Value)
	}
	// A reference reaches a script as a variable the shell reads (${V}, $env:V). Python has
	// no such syntax, and cmd expands %V% before it parses the line, so a value there
	// would be code: both read their values from the environment, by name.
	if st.Shell != nil && (st.Shell.Value == "python" || st.Shell.Value == "cmd") {
		detail := "pass the value with the step's env and read it from os.environ in the script"
		if st.Shell.Value == "cmd" {
			detail = "cmd parses a variable's value as part of the command line: pass the value with the step's env and read it from a script, or use pwsh"
		}
		for _, part := range st.Run.Parts {
			if part.Ref != nil {
				c.diags.Errorf(part.Ref.Range, "reference-in-"+st.Shell.Value, detail, "references cannot be interpolated into a %s step", st.Shell.Value)
			}
		}
	}
	// cmd exists on Windows only. Whether a runner of labels is a Windows machine is
	// known when a label says (Runner.OS), else each back end decides; a known OS is
	// checked here, once for every target (GitHub would write a workflow it refuses).
	if st.Shell != nil && st.Shell.Value == "cmd" {
		if r := c.runner(s); r.OS() != "" && r.OS() != model.RunnerWindows {
			name := r.Class
			if name == "" {
				name = r.OS() + " (by its labels)"
			}
			c.diags.Errorf(st.Shell.Range, "unsupported-shell", "cmd exists on Windows only: use "+c.code(`runner = "windows"`)+", or pwsh, which every runner class has",
				"cmd steps cannot run on a %s runner", name)
		}
	}
}

// runner is the runner the stage's jobs run on: its own, the default, or linux.
func (c *checker) runner(s *model.Stage) *model.Runner {
	r := s.Runner
	if r == nil && c.p.Defaults != nil {
		r = c.p.Defaults.Runner
	}
	if r == nil {
		return &model.Runner{Class: model.RunnerLinux}
	}
	return r
}

func (c *checker) checkMatrix(s *model.Stage) {
	m := s.Matrix
	if m == nil {
		return
	}
	// A missing axes attribute is the front end's to report (missing-attribute); an
	// empty map is this check's.
	if m.Axes != nil && len(m.Axes) == 0 && !c.p.MisspelledIn(m.Range, "axes") {
		c.diags.Errorf(m.Range, "empty-matrix", "give at least one axis: "+c.code(`axes = { python = ["3.11", "3.12"] }`), "matrix has no axes")
	}
	axes := newNameTable("matrix axis")
	for _, a := range m.Axes {
		c.checkName(reVar(), "matrix axis", a.Name, a.NameRange, expectVar)
		axes.add(c, a.Name, a.NameRange)
		if len(a.Values) == 0 && !c.p.MisspelledIn(m.Range, a.Name) {
			c.diags.Errorf(a.NameRange, "empty-matrix", "list at least one value", "matrix axis %q has no values", a.Name)
		}
		seen := map[string]bool{}
		for _, v := range a.Values {
			if v.Kind != model.KindString && v.Kind != model.KindNumber && v.Kind != model.KindBool {
				c.diags.Errorf(v.Range, "wrong-type", "matrix values are strings, numbers or booleans", "matrix value must be a scalar")
				continue
			}
			// Every target names a cell by its values (GitLab's job names, Azure's legs,
			// CircleCI's jobs), and a value written twice would run the same cell twice.
			if seen[v.Text()] {
				c.diags.Errorf(v.Range, "duplicate-value", "each value of an axis makes its own cells: write it once", "matrix axis %q lists %q twice", a.Name, v.Text())
			}
			seen[v.Text()] = true
		}
	}
	// An include entry may add a key of its own; axes and keys are all variables.
	keys, keyRanges := append([]string{}, axes.order...), rangesOf(axes)
	added := map[string]bool{}
	for _, cell := range m.Include {
		for _, e := range cell.Values {
			c.checkName(reVar(), "matrix axis", e.Key, e.KeyRange, expectVar)
			if !axes.has(e.Key) && !added[e.Key] {
				added[e.Key] = true
				keys, keyRanges = append(keys, e.Key), append(keyRanges, e.KeyRange)
			}
		}
	}
	c.checkVarForms(reVar(), "matrix axes", keys, keyRanges)
	for _, cell := range m.Exclude {
		for _, e := range cell.Values {
			if !axes.has(e.Key) {
				// Axes the front end dropped (misspelt, of the wrong type) leave every
				// name unknown: that error is the one to fix.
				axes.dropped = m.Axes == nil || c.p.MisspelledIn(m.Range, "axes")
				axes.unknown(c, "unknown-axis", e.Key, e.KeyRange, "exclude names", "")
				continue
			}
			c.checkExcludeValue(m, e)
		}
	}
	c.checkMatrixSize(m)
	if m.MaxParallel != nil && m.MaxParallel.Value < 1 {
		c.diags.Errorf(m.MaxParallel.Range, "bad-value", "max_parallel is at least 1", "max_parallel %d is out of range", m.MaxParallel.Value)
	}
	if s.Strategy != nil {
		c.diags.Errorf(m.Range, "matrix-with-strategy", "a deploy strategy already runs the stage several times; split the matrix into its own stage", "stage %q has both a matrix and a deploy strategy", s.Name)
	}
}

// checkExcludeValue reports an exclude value its axis does not list: exclude removes
// cells of the axes' product (include adds its cells after), so the entry would remove
// nothing and the cells meant to go would run, on every target, without a word.
func (c *checker) checkExcludeValue(m *model.Matrix, e *model.Entry) {
	for _, a := range m.Axes {
		if a.Name != e.Key {
			continue
		}
		var values []string
		for _, v := range a.Values {
			if v.Text() == e.Value.Text() {
				return
			}
			values = append(values, v.Text())
		}
		detail := "axis " + a.Name + " lists " + diag.List(values)
		if sug := diag.DidYouMean(e.Value.Text(), values); sug != "" {
			detail = sug
		}
		c.diags.Errorf(e.Value.Range, "unknown-value", detail, "exclude names %s = %q, which matrix axis %q does not list, so it excludes nothing", e.Key, e.Value.Text(), a.Name)
		return
	}
}

func (c *checker) checkStrategy(s *model.Stage, env *model.Environment) {
	st := s.Strategy
	// A strategy of unknown kind is reported once, below: it may be a misspelt
	// blue_green, whose switch steps are then no mistake of their own.
	known := st == nil || contains(model.StrategyKinds, st.Kind)
	if s.Switch != nil && known && (st == nil || st.Kind != model.StrategyBlueGreen) && (st != nil || !c.p.MisspelledWithin(s.Range, "strategy")) {
		c.diags.Errorf(s.Switch.Range, "switch-without-blue-green", "switch steps move traffic in a blue_green deploy: add "+c.code(`strategy "blue_green" {}`), "stage %q has switch steps but no blue_green strategy", s.Name)
	}
	if st == nil {
		return
	}
	if !contains(model.StrategyKinds, st.Kind) {
		detail := "strategies are " + diag.List(model.StrategyKinds)
		if sug := diag.DidYouMean(st.Kind, model.StrategyKinds); sug != "" {
			detail = sug
		}
		c.diags.Errorf(st.KindRange, "unknown-strategy", detail, "unknown deploy strategy %q", st.Kind)
		return
	}
	if s.Environment == nil && !c.p.MisspelledWithin(s.Range, "environment") {
		c.diags.Errorf(st.Range, "strategy-needs-environment", "a deploy strategy deploys somewhere: set "+c.code(`environment = "NAME"`)+" on the stage", "stage %q has a deploy strategy but no environment", s.Name)
	}
	only := func(ok bool, rng diag.Range, attr, kinds string) {
		if !ok {
			c.diags.Errorf(rng, "strategy-attribute", attr+" applies to "+kinds+" only", "%s does not apply to a %s deploy", attr, st.Kind)
		}
	}
	if st.Batches != nil {
		only(st.Kind == model.StrategyRolling, st.Batches.Range, "batches", "rolling")
		if st.Batches.Value < 1 || st.Batches.Value > 100 {
			c.diags.Errorf(st.Batches.Range, "bad-value", "batches is a count from 1 to 100", "batches %d is out of range", st.Batches.Value)
		}
	}
	if st.MaxParallel != nil {
		only(st.Kind == model.StrategyRolling, st.MaxParallel.Range, "max_parallel", "rolling")
		if st.MaxParallel.Value < 1 {
			c.diags.Errorf(st.MaxParallel.Range, "bad-value", "max_parallel is at least 1", "max_parallel %d is out of range", st.MaxParallel.Value)
		}
		// More batches at a time than there are runs every batch at once: a rolling
		// deploy that is none, which a typo (5 for 2) or batches lowered later makes.
		if b := st.Batches; b != nil && b.Value >= 1 && b.Value <= 100 && st.Kind == model.StrategyRolling && st.MaxParallel.Value > b.Value {
			c.diags.Warnf(st.MaxParallel.Range, "max-parallel-over-batches",
				fmt.Sprintf("max_parallel is at most batches (%d); with max_parallel = batches every batch deploys at once, and none is left to stop at a failed one", b.Value),
				"max_parallel %d is more than the %d batches of stage %q", st.MaxParallel.Value, b.Value, s.Name)
		}
	}
	if len(st.Increments) > 0 {
		only(st.Kind == model.StrategyCanary, st.Increments[0].Range, "increments", "canary")
	}
	if st.Approval != nil {
		only(st.Kind == model.StrategyCanary, st.Approval.Range, "approval", "canary")
	}
	switch st.Kind {
	case model.StrategyRolling:
		if st.Batches == nil && !c.p.MisspelledIn(st.Range, "batches") {
			c.diags.Errorf(st.Range, "missing-attribute", "say how many batches: "+c.code("batches = 3"), "rolling deploy of stage %q has no batches", s.Name)
		}
	case model.StrategyCanary:
		if len(st.Increments) == 0 && !c.p.MisspelledIn(st.Range, "increments") {
			c.diags.Errorf(st.Range, "missing-attribute", "list the traffic percentages before 100: "+c.code("increments = [10, 50]"), "canary deploy of stage %q has no increments", s.Name)
		}
		prev := 0
		for _, inc := range st.Increments {
			if inc.Value == 100 {
				c.diags.Errorf(inc.Range, "canary-increments", "increments list the traffic percentages before 100; the deploy to 100 always comes last by itself", "canary increments must not include 100")
				continue
			}
			const detail = "increments are percentages that grow, each between 1 and 99 (100 comes last by itself)"
			switch {
			case inc.Value < 1 || inc.Value > 100:
				// 150 after 10 grows; what is wrong is that it is no percentage.
				c.diags.Errorf(inc.Range, "canary-increments", detail, "canary increment %d is not a percentage from 1 to 99", inc.Value)
			case inc.Value <= prev:
				c.diags.Errorf(inc.Range, "canary-increments", detail, "canary increment %d does not grow from %d towards 100", inc.Value, prev)
			}
			if inc.Value > prev && inc.Value < 100 {
				prev = inc.Value
			}
		}
	case model.StrategyBlueGreen:
		if s.Switch == nil && !c.p.MisspelledWithin(s.Range, "switch") {
			c.diags.Errorf(st.Range, "missing-switch", "add "+c.code(`switch { step "NAME" { run = "..." } }`)+" with the steps that move traffic to the new slot", "blue_green deploy of stage %q has no switch steps", s.Name)
		}
	}
	_ = env
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A matrix's cells are computed (model.Matrix.Cells) by every target that expands it and
// by the linter: the product of the axes, each cell checked against every exclude and
// include entry. Four axes of 100 values were 100,000,000 cells, which no run finished.
// No platform runs more than a few hundred jobs from one matrix (GitHub 256, GitLab
// 200), so these bounds refuse only matrices no platform would run.
const (
	maxMatrixProduct = 4096
	maxMatrixInclude = 256
	maxMatrixExclude = 4096
)

func (c *checker) checkMatrixSize(m *model.Matrix) {
	n := 1
	for _, a := range m.Axes {
		n *= max(len(a.Values), 1)
		if n > maxMatrixProduct {
			c.diags.Errorf(m.Range, "matrix-too-large",
				fmt.Sprintf("the axes of a matrix combine into at most %d cells before exclude (no platform runs more than a few hundred jobs from one matrix); split the stage", maxMatrixProduct),
				"matrix axes combine into more than %d cells", maxMatrixProduct)
			return
		}
	}
	if len(m.Include) > maxMatrixInclude {
		c.diags.Errorf(m.Range, "matrix-too-large", fmt.Sprintf("a matrix has at most %d include entries", maxMatrixInclude),
			"matrix has %d include entries", len(m.Include))
	}
	if len(m.Exclude) > maxMatrixExclude {
		c.diags.Errorf(m.Range, "matrix-too-large", fmt.Sprintf("a matrix has at most %d exclude entries", maxMatrixExclude),
			"matrix has %d exclude entries", len(m.Exclude))
	}
}

// OutsideProject reports whether a path leaves the project directory: home, absolute
// (a drive letter too), or above it once cleaned. Every target restores an artifact in
// later stages relative to that directory (GitLab and CircleCI keep nothing from outside
// it at all), so such an artifact path is an error; GitLab's back end also warns of cache
// paths it will not keep.
func OutsideProject(p string) bool {
	p = strings.ReplaceAll(p, `\`, "/")
	drive := len(p) >= 2 && p[1] == ':' && p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z' && (len(p) == 2 || p[2] == '/')
	if strings.HasPrefix(p, "~") || strings.HasPrefix(p, "/") || drive {
		return true
	}
	c := path.Clean(p)
	return c == ".." || strings.HasPrefix(c, "../")
}
