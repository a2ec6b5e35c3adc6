package compile

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// CIValues are the predefined values a spec may reference as ci.NAME.
var CIValues = []string{
	"commit_sha", "short_sha", "branch", "tag", "ref", "event", "pr_number", "run_id",
	"run_number", "run_url", "repository", "actor", "workspace",
}

// Events are the values ci.event takes.
var Events = []string{"push", "pull_request", "schedule", "manual"}

// DeployValues are the deploy strategy's positions a deployment stage may reference.
var DeployValues = []string{"weight", "slot", "batch", "environment", "url"}

var refRoots = []string{"ci", "matrix", "input", "secret", "stage", "deploy"}

// scope says where a reference appears, which decides what it may name.
type scope struct {
	stage       *model.Stage // nil at pipeline level
	step        *model.Step  // set inside a step's run and env
	allowSecret bool         // run scripts and env values may read secrets
	inWhen      bool
	where       string
}

// collidingNames says, by a reference's root, which names to change when two references
// share a script variable: only names of one kind can share it, since the root is part
// of the variable.
var collidingNames = map[string]string{
	"input":  "inputs",
	"matrix": "matrix axes",
	"stage":  "stages or outputs",
	"secret": "secrets",
	"deploy": "names",
	"ci":     "names",
}

func (c *checker) checkTemplate(t expr.Template, sc scope) {
	vars := map[string]*expr.Ref{}
	for _, r := range t.Refs() {
		c.checkRef(r, sc)
		// Every target hands a reference to scripts as PIPEC_ and its path in variable
		// form; two references with one form would share a value.
		f := varForm(strings.Join(r.Path, "_"))
		if other, ok := vars[f]; ok && other.String() != r.String() && r.Root() != "stage" {
			// Two stages' outputs of one variable are an error at their declarations
			// (checkOutputForms), whether a script reads both or not.
			c.diags.Errorf(r.Range, "reference-collision", fmt.Sprintf("%s and %s both reach scripts as $PIPEC_%s; rename one of the %s", other, r, f, collidingNames[r.Root()]), "two references share one script variable")
			continue
		}
		vars[f] = r
	}
}

func (c *checker) checkWhen(e expr.Expr, sc scope) {
	c.checkConstantTests(e)
	sc.inWhen = true
	sc.where = "when"
	expr.Walk(e, func(n expr.Expr) {
		switch n := n.(type) {
		case *expr.RefExpr:
			c.checkRef(n.Ref, sc)
		case *expr.Call:
			if len(n.Args) == 2 {
				if _, ok := n.Args[1].(*expr.StringLit); !ok {
					c.diags.Errorf(n.Args[1].Range(), "literal-required", "every platform needs the pattern at compile time: write it as a string", "the second argument of %s must be a string literal", n.Func)
				} else if n.Func == "matches" {
					g := n.Args[1].(*expr.StringLit)
					if err := checkGlob(g.Value, false); err != nil {
						c.diags.Errorf(g.Rng, "bad-glob", err.Error(), "invalid pattern %q", g.Value)
					} else if set := wordSet(g.Value); set != "" {
						c.warnWordSet(n.Args[0], g, set)
					}
				}
			}
		case *expr.Binary:
			c.checkEventCompare(n)
			c.checkInputCompare(n)
		}
	})
}

// checkConstantTests reports a string or a number written where the condition tests
// something: the whole condition (when = 42), an operand of && or ||, or of !. It is a
// value to compare with, never a test: GitHub and Azure would hold any such constant
// true, and GitLab and CircleCI have no way to write it (each refused it with an error of
// its own), so the same mistake is one error, at the constant.
func (c *checker) checkConstantTests(e expr.Expr) {
	switch n := e.(type) {
	case *expr.Not:
		c.checkConstantTests(n.X)
	case *expr.Binary:
		if n.Op == "&&" || n.Op == "||" {
			c.checkConstantTests(n.X)
			c.checkConstantTests(n.Y)
		}
	case *expr.StringLit, *expr.NumberLit:
		c.diags.Errorf(n.Range(), "bad-expression", "a condition tests a value: compare one with it (ci.branch == \"main\", input.count == 3), or write true or false", "%s is a constant, not a condition", n)
	}
}

// checkEventCompare catches ci.event == "merge_request" and similar: the value must be one
// of the portable event names, which each target maps to its own.
func (c *checker) checkEventCompare(b *expr.Binary) {
	if b.Op != "==" && b.Op != "!=" {
		return
	}
	for _, pair := range [][2]expr.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		r, ok := pair[0].(*expr.RefExpr)
		if !ok || r.Ref.String() != "ci.event" {
			continue
		}
		lit, ok := pair[1].(*expr.StringLit)
		if !ok {
			continue
		}
		if !contains(Events, lit.Value) {
			detail := "ci.event is one of " + diag.List(Events)
			if s := diag.DidYouMean(lit.Value, Events); s != "" {
				detail = s
			}
			c.diags.Errorf(lit.Rng, "unknown-event", detail, "ci.event is never %q", lit.Value)
		}
	}
}

// checkInputCompare catches a comparison of a typed input with a value it never has: a
// boolean with a string ("true" is not true on GitHub, which compares a boolean and a
// string as numbers), a number with text, a choice with a word outside its options. Each
// would be false, or true for !=, in every run.
func (c *checker) checkInputCompare(b *expr.Binary) {
	if b.Op != "==" && b.Op != "!=" {
		return
	}
	for _, pair := range [][2]expr.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		r, ok := pair[0].(*expr.RefExpr)
		if !ok || r.Ref.Root() != "input" || len(r.Ref.Path) != 2 {
			continue
		}
		in := c.inputs[r.Ref.Path[1]]
		if in == nil {
			continue
		}
		lit := pair[1]
		switch in.Type.Value {
		case model.InputBoolean:
			if s, ok := lit.(*expr.StringLit); ok {
				c.diags.Errorf(s.Rng, "type-mismatch", "compare a boolean input with true or false, without quotes, or test it alone: "+c.code("when = "+r.Ref.String()), "%s is a boolean, never the string %q", r.Ref, s.Value)
			}
			// GitHub compares a boolean and a number as numbers (true == 1), the other
			// targets as text ("true" is not "1"): the test would differ by platform.
			if n, ok := lit.(*expr.NumberLit); ok {
				c.diags.Errorf(n.Rng, "type-mismatch", "compare a boolean input with true or false, or test it alone: "+c.code("when = "+r.Ref.String()), "%s is a boolean, never the number %s", r.Ref, n.Text)
			}
		case model.InputNumber:
			if s, ok := lit.(*expr.StringLit); ok && !isNumber(s.Value) {
				c.diags.Errorf(s.Rng, "type-mismatch", "compare a number input with a number, e.g. "+r.Ref.String()+" == 3", "%s is a number, never %q", r.Ref, s.Value)
			}
			if b, ok := lit.(*expr.BoolLit); ok {
				c.diags.Errorf(b.Rng, "type-mismatch", "compare a number input with a number, e.g. "+r.Ref.String()+" == 3", "%s is a number, never %v", r.Ref, b.Value)
			}
		case model.InputChoice:
			s, ok := lit.(*expr.StringLit)
			if !ok || len(in.Options) == 0 {
				continue
			}
			var opts []string
			for _, o := range in.Options {
				opts = append(opts, o.Value)
			}
			if !contains(opts, s.Value) {
				detail := r.Ref.String() + " is one of " + diag.List(opts)
				if sug := diag.DidYouMean(s.Value, opts); sug != "" {
					detail = sug
				}
				c.diags.Errorf(s.Rng, "unknown-option", detail, "%s is never %q: it is not one of the input's options", r.Ref, s.Value)
			}
		}
	}
}

// isNumber reports whether s reads as a decimal number, as every platform compares them.
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && strings.TrimSpace(s) == s && s != "" && !strings.ContainsAny(s, "xXpPnN_")
}

func (c *checker) checkRef(r *expr.Ref, sc scope) {
	root := r.Root()
	switch root {
	case "ci":
		if len(r.Path) != 2 || !contains(CIValues, r.Path[1]) {
			c.unknownRef(r, "ci value", r.Path, CIValues, "")
		}
	case "matrix":
		if sc.stage != nil && sc.stage.Matrix == nil && c.p.MisspelledWithin(sc.stage.Range, "matrix") {
			return // the matrix block's name was misspelt, and reported
		}
		if sc.stage == nil || sc.stage.Matrix == nil {
			c.diags.Errorf(r.Range, "matrix-outside-matrix", "matrix values exist only in a stage with a matrix block", "%s is used outside a matrix stage", r)
			return
		}
		axes := matrixNames(sc.stage.Matrix)
		// Axes the front end reported and dropped (a wrong type, an axis written outside
		// axes) leave the names unknown: that error is the one to fix.
		dropped := c.p.MisspelledIn(sc.stage.Matrix.Range, "axes")
		if !dropped && (len(r.Path) != 2 || !contains(axes, r.Path[1])) {
			c.unknownRef(r, "matrix axis", r.Path, axes, "")
		}
	case "input":
		if len(r.Path) != 2 || c.inputs[r.Path[1]] == nil && !c.inputNames.dropped {
			c.unknownRef(r, "input", r.Path, c.inputNames.order, "inputs are declared in "+c.code(`on { manual { input "NAME" { ... } } }`))
		}
	case "secret":
		if len(r.Path) != 2 || c.secrets[r.Path[1]] == nil {
			if c.secretNames.dropped && len(r.Path) == 2 {
				return
			}
			c.unknownRef(r, "secret", r.Path, c.secretNames.order, "secrets are declared with "+c.code(`secret "NAME" {}`))
			return
		}
		if !sc.allowSecret {
			c.diags.Errorf(r.Range, "secret-not-allowed", "a secret may reach a step's run script or env only, where the platform masks it", "secret %q cannot be used in %s", r.Path[1], sc.where)
			return
		}
		if sc.step != nil {
			sec := c.secrets[r.Path[1]]
			if !containsSecret(c.secretUse[sc.step], sec) {
				c.secretUse[sc.step] = append(c.secretUse[sc.step], sec)
			}
		}
	case "stage":
		c.checkStageRef(r, sc)
	case "deploy":
		c.checkDeployRef(r, sc)
	default:
		detail := "references start with " + diag.List(refRoots)
		if s := diag.DidYouMean(root, refRoots); s != "" {
			detail = s
		}
		if len(r.Path) == 1 && slices.Contains(nullWords, root) {
			// Every value is a string, empty when not set: ci.tag != null means ci.tag != "".
			detail = fmt.Sprintf("there is no %s: a value that is not set is empty, so compare it with \"\" (ci.tag != \"\")", root)
		}
		c.diags.Errorf(r.Range, "unknown-reference", detail, "unknown reference %q", r.String())
	}
}

// nullWords are the other languages' names for no value.
var nullWords = []string{"null", "nil", "none", "None", "undefined"}

// code is the HCL snippet hcl in the spec's own syntax (see diag.Code).
func (c *checker) code(hcl string) string { return diag.Code(c.p.Range.Filename, hcl) }

func (c *checker) unknownRef(r *expr.Ref, kind string, path []string, known []string, hint string) {
	name := ""
	if len(path) > 1 {
		name = path[1]
	}
	detail := hint
	if s := diag.DidYouMean(name, known); s != "" {
		detail = s
	} else if len(known) > 0 {
		detail = "known: " + diag.List(known)
	}
	if len(path) > 2 {
		detail = fmt.Sprintf("write %s.%s", path[0], name)
	}
	c.diags.Errorf(r.Range, "unknown-reference", detail, "unknown %s in %q", kind, r.String())
}

func (c *checker) checkStageRef(r *expr.Ref, sc scope) {
	if len(r.Path) != 4 || r.Path[2] != "outputs" {
		c.diags.Errorf(r.Range, "unknown-reference", "a stage output is written stage.NAME.outputs.KEY", "invalid stage reference %q", r.String())
		return
	}
	name, key := r.Path[1], r.Path[3]
	up := c.stages[name]
	if up == nil {
		self := "" // a stage never reads its own outputs: they are set after it ran
		if sc.stage != nil {
			self = sc.stage.Name
		}
		c.stageNames.unknown(c, "unknown-reference", name, r.Range, "reference to", self)
		return
	}
	var keys []string
	for _, o := range up.Outputs {
		keys = append(keys, o.Value)
	}
	if !contains(keys, key) && c.p.MisspelledWithin(up.Range, "outputs") {
		return // the stage's outputs were misspelt or of the wrong type, and reported
	}
	if !contains(keys, key) {
		detail := fmt.Sprintf("add it to stage %q: outputs = [%q]", name, key)
		if s := diag.DidYouMean(key, keys); s != "" {
			detail = s
		}
		c.diags.Errorf(r.Range, "unknown-output", detail, "stage %q has no output %q", name, key)
		return
	}
	if sc.stage == nil {
		c.diags.Errorf(r.Range, "output-not-needed", "stage outputs are read by stages that need the producing stage", "%s is used outside a stage", r)
		return
	}
	if name == sc.stage.Name {
		// Needing itself is a cycle: say what the stage's own steps do instead.
		c.diags.Errorf(r.Range, "output-not-needed", "a stage's outputs reach the stages that need it, once it ends; within the stage, write the value to a file (an artifact of the stage, for its rollback steps, which may run in a job of their own)", "stage %q reads its own output %q", name, key)
		return
	}
	for _, n := range sc.stage.Needs {
		// A need of an unknown stage (a typo of this one) has its own error, as have
		// needs misspelt or of the wrong type.
		if n.Value == name || c.stages[n.Value] == nil {
			return
		}
	}
	if c.p.MisspelledWithin(sc.stage.Range, "needs") {
		return
	}
	c.diags.Errorf(r.Range, "output-not-needed", fmt.Sprintf("add %q to the needs of stage %q", name, sc.stage.Name), "stage %q reads an output of %q without needing it", sc.stage.Name, name)
}

func (c *checker) checkDeployRef(r *expr.Ref, sc scope) {
	if len(r.Path) != 2 || !contains(DeployValues, r.Path[1]) {
		c.unknownRef(r, "deploy value", r.Path, DeployValues, "")
		return
	}
	if sc.inWhen {
		c.diags.Errorf(r.Range, "deploy-in-when", "the strategy's position changes from job to job inside the stage; test it in the script instead", "%s cannot be used in when", r)
		return
	}
	if sc.stage != nil && sc.stage.Environment == nil && c.p.MisspelledWithin(sc.stage.Range, "environment") {
		return // the stage's environment was misspelt or of the wrong type, and reported
	}
	if sc.stage == nil || sc.stage.Environment == nil {
		c.diags.Errorf(r.Range, "deploy-outside-deployment", "deploy values exist in a stage that sets environment", "%s is used outside a deployment stage", r)
		return
	}
	if r.Path[1] == "url" {
		c.checkDeployURL(r, sc.stage)
	}
	kind := ""
	if sc.stage.Strategy != nil {
		kind = sc.stage.Strategy.Kind
	}
	need := map[string]string{"weight": model.StrategyCanary, "slot": model.StrategyBlueGreen, "batch": model.StrategyRolling}[r.Path[1]]
	// An unknown strategy kind has its own error, which says what it was meant to be.
	if kind == "" && c.p.MisspelledWithin(sc.stage.Range, "strategy") {
		return // the strategy block's name was misspelt, and reported
	}
	if need != "" && kind != need && (kind == "" || contains(model.StrategyKinds, kind)) {
		c.diags.Errorf(r.Range, "deploy-value-strategy", fmt.Sprintf("%s is set by a %s strategy", r, need), "%s has no value in stage %q", r, sc.stage.Name)
	}
}

// checkDeployURL warns of deploy.url in a stage whose environment has no url: every
// target would hand the script an empty string, which a deploy or smoke test then
// reads as "the current host" or fails on far from the cause. A url the front end
// refused (a reference in it, a wrong type) has its own error, not this one.
func (c *checker) checkDeployURL(r *expr.Ref, s *model.Stage) {
	e := c.environments[s.Environment.Value]
	if e == nil || (e.URL != nil && e.URL.Value != "") || e.URL == nil && c.p.MisspelledIn(e.Range, "url") {
		return // an unknown environment has its own error
	}
	d := c.diags.Warnf(r.Range, "deploy-url-unset", fmt.Sprintf("set url in environment %q, or leave deploy.url out", e.Name), "%s is empty: environment %q has no url", r, e.Name)
	d.Related = append(d.Related, diag.Note{Message: "the environment", Subject: e.NameRange})
}

// matrixNames lists a matrix's axes and the extra keys its include cells add.
func matrixNames(m *model.Matrix) []string {
	var out []string
	for _, a := range m.Axes {
		out = append(out, a.Name)
	}
	for _, cell := range m.Include {
		for _, e := range cell.Values {
			if !contains(out, e.Key) {
				out = append(out, e.Key)
			}
		}
	}
	return out
}

func containsSecret(list []*model.Secret, s *model.Secret) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
