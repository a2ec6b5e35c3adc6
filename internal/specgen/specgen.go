package specgen

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// UnitSize is the number of stages one unit (one service) contributes.
const UnitSize = 10

// groupSize is the number of units whose notifications the group's last one waits for.
const groupSize = 10

// HCL returns a spec of n stages (n >= 1) in HCL, named "bench-N".
func HCL(n int) []byte { return render(spec(n), hclSyntax{}) }

// CUE returns the spec HCL(n) returns, written in CUE: the same tree, field for field.
func CUE(n int) []byte { return render(spec(n), cueSyntax{}) }

// value is a string value: a literal, or a reference written bare in HCL (secret.NAME)
// and as "${secret.NAME}" in CUE, the two spellings the front ends read as one thing.
type value struct {
	lit string
	ref string
}

func lit(s string) value { return value{lit: s} }
func ref(s string) value { return value{ref: s} }

type kv struct {
	key string
	val value
}

type step struct {
	name string
	run  string
	env  []kv
}

type artifact struct {
	name     string
	paths    []string
	expireIn string
}

type stage struct {
	name        string
	needs       []string
	image       string
	when        string // a condition, in the language's syntax
	matrix      []string
	cachePaths  []string
	cacheKeys   []string
	service     string // a postgres service's name, or ""
	timeout     string
	retries     int
	outputs     []string
	environment string
	identity    string
	canary      []int
	steps       []step
	verify      []step
	rollback    []step
	artifacts   []artifact
}

// spec is the pipeline's stages: ceil(n/UnitSize) units, the last one cut to make n.
func spec(n int) []stage {
	if n < 1 {
		n = 1
	}
	var out []stage
	for k := 0; len(out) < n; k++ {
		for _, s := range unit(k, n) {
			if len(out) < n {
				out = append(out, s)
			}
		}
	}
	return out
}

// unit is the ten stages of service k; n is the spec's size, which decides where the last
// group ends.
func unit(k, n int) []stage {
	p := fmt.Sprintf("s%d", k)
	svc := fmt.Sprintf("services/%s", p)
	name := func(s string) string { return p + "-" + s }
	notifyNeeds := []string{name("deploy-production")}
	units := (n + UnitSize - 1) / UnitSize
	if k%groupSize == groupSize-1 || k == units-1 {
		// The group's last notification waits for the others: a fan-in.
		for j := k - k%groupSize; j < k; j++ {
			notifyNeeds = append(notifyNeeds, fmt.Sprintf("s%d-notify", j))
		}
	}
	return []stage{
		{
			name:  name("lint"),
			image: "python:3.12-slim",
			steps: []step{{name: "ruff", run: "ruff check " + svc}},
		},
		{
			name:       name("unit"),
			needs:      []string{name("lint")},
			image:      "python:${matrix.python}-slim",
			matrix:     []string{"3.11", "3.12"},
			cachePaths: []string{".cache/pip"},
			cacheKeys:  []string{svc + "/requirements*.txt"},
			steps: []step{
				{name: "install", run: "pip install -r " + svc + "/requirements-dev.txt"},
				{name: "test", run: "pytest " + svc + " --cov=" + svc + " --cov-report=xml",
					env: []kv{{"CODECOV_TOKEN", ref("secret.codecov_token")}}},
			},
			artifacts: []artifact{{name: "coverage", paths: []string{"coverage.xml"}, expireIn: "7d"}},
		},
		{
			name:    name("integration"),
			needs:   []string{name("lint")},
			image:   "python:3.12-slim",
			service: "postgres",
			timeout: "20m",
			steps: []step{{name: "test", run: "pytest " + svc + "/integration",
				env: []kv{
					{"DATABASE_URL", lit("postgresql://postgres:test@postgres:5432/postgres")},
					{"DB_PASSWORD", ref("secret.db_password")},
				}}},
		},
		{
			name:    name("build"),
			needs:   []string{name("unit"), name("integration")},
			when:    `ci.branch == "main" || startswith(ci.tag, "v")`,
			outputs: []string{"digest"},
			steps: []step{{name: "image",
				run: "docker build -t $REGISTRY/" + p + ":${ci.commit_sha} " + svc +
					" && docker push $REGISTRY/" + p + ":${ci.commit_sha}" +
					" && echo \"digest=$(cat " + svc + "/digest.txt)\" >> \"$PIPEC_OUTPUT\"",
				env: []kv{{"REGISTRY_TOKEN", ref("secret.registry_token")}}}},
			artifacts: []artifact{{name: "sbom", paths: []string{svc + "/sbom.json"}, expireIn: "30d"}},
		},
		{
			name:  name("scan"),
			needs: []string{name("build")},
			image: "aquasec/trivy:0.50.0",
			steps: []step{{name: "trivy", run: "trivy sbom --exit-code 1 " + svc + "/sbom.json"}},
		},
		{
			name:      name("package"),
			needs:     []string{name("build")},
			steps:     []step{{name: "chart", run: "helm package charts/" + p + " --app-version ${ci.short_sha} -d dist"}},
			artifacts: []artifact{{name: "chart", paths: []string{"dist/*.tgz"}, expireIn: "14d"}},
		},
		{
			name:        name("deploy-staging"),
			needs:       []string{name("build"), name("scan"), name("package")},
			environment: "staging",
			identity:    "aws_deploy",
			steps: []step{{name: "helm",
				run: "helm upgrade --install " + p + " dist/" + p + "-*.tgz --set image.digest=${stage." + name("build") + ".outputs.digest}",
				env: []kv{{"DB_PASSWORD", ref("secret.db_password")}}}},
		},
		{
			name:    name("smoke"),
			needs:   []string{name("deploy-staging")},
			timeout: "10m",
			retries: 2,
			steps:   []step{{name: "health", run: "curl -fsS https://staging.shop.example.com/" + p + "/health"}},
		},
		{
			name:        name("deploy-production"),
			needs:       []string{name("build"), name("smoke")},
			environment: "production",
			identity:    "aws_deploy",
			canary:      []int{10, 50},
			steps: []step{{name: "shift",
				run: "./scripts/shift-traffic.sh " + p + " --weight ${deploy.weight} --digest ${stage." + name("build") + ".outputs.digest}"}},
			verify:   []step{{name: "error-rate", run: "./scripts/check-error-rate.sh " + p + " --max 0.01"}},
			rollback: []step{{name: "undo", run: "kubectl rollout undo deployment/" + p}},
		},
		{
			name:  name("notify"),
			needs: notifyNeeds,
			steps: []step{{name: "slack", run: "./scripts/notify.sh " + p + " ${ci.short_sha} ${input.channel}",
				env: []kv{{"SLACK_WEBHOOK", ref("secret.slack_webhook")}}}},
		},
	}
}

// syntax writes the constructs whose spelling differs between HCL and CUE.
type syntax interface {
	open(w *writer, kind string, labels ...string) // a block, or a struct keyed by labels
	close(w *writer)
	attr(w *writer, key, val string) // val is already written in the syntax
	cond(s string) string            // a when condition
	val(v value) string
	mapOpen(w *writer, key string) // an attribute whose value is a map
	mapClose(w *writer)
	comment() string
}

type writer struct {
	b      bytes.Buffer
	indent int
}

func (w *writer) line(format string, args ...any) {
	w.b.WriteString(strings.Repeat("  ", w.indent))
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

func quote(s string) string {
	// Every string the generator writes is ASCII without backslashes and without "%{"
	// (an HCL template directive), so Go's quoting is both languages' quoting.
	return strconv.Quote(s)
}

func list(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

type hclSyntax struct{}

func (hclSyntax) open(w *writer, kind string, labels ...string) {
	head := kind
	for _, l := range labels {
		head += " " + quote(l)
	}
	w.line("%s {", head)
	w.indent++
}
func (hclSyntax) close(w *writer)                 { w.indent--; w.line("}") }
func (hclSyntax) attr(w *writer, key, val string) { w.line("%s = %s", key, val) }
func (hclSyntax) cond(s string) string            { return s }
func (hclSyntax) val(v value) string {
	if v.ref != "" {
		return v.ref
	}
	return quote(v.lit)
}
func (hclSyntax) mapOpen(w *writer, key string) { w.line("%s = {", key); w.indent++ }
func (hclSyntax) mapClose(w *writer)            { w.indent--; w.line("}") }
func (hclSyntax) comment() string               { return "#" }

type cueSyntax struct{}

func (cueSyntax) open(w *writer, kind string, labels ...string) {
	head := kind + ":"
	for _, l := range labels {
		head += " " + quote(l) + ":"
	}
	w.line("%s {", head)
	w.indent++
}
func (cueSyntax) close(w *writer)                 { w.indent--; w.line("}") }
func (cueSyntax) attr(w *writer, key, val string) { w.line("%s: %s", key, val) }
func (cueSyntax) cond(s string) string            { return quote(s) }
func (cueSyntax) val(v value) string {
	if v.ref != "" {
		return quote("${" + v.ref + "}")
	}
	return quote(v.lit)
}
func (cueSyntax) mapOpen(w *writer, key string) { w.line("%s: {", key); w.indent++ }
func (cueSyntax) mapClose(w *writer)            { w.indent--; w.line("}") }
func (cueSyntax) comment() string               { return "//" }

func render(stages []stage, sx syntax) []byte {
	w := &writer{}
	w.line("%s Generated by internal/specgen: %d stages.", sx.comment(), len(stages))
	sx.open(w, "pipeline", fmt.Sprintf("bench-%d", len(stages)))
	sx.attr(w, "description", quote("A monorepo of services, each tested, built, scanned and deployed"))

	sx.open(w, "on")
	sx.open(w, "push")
	sx.attr(w, "branches", list([]string{"main", "release/**"}))
	sx.attr(w, "tags", list([]string{"v*"}))
	sx.close(w)
	sx.open(w, "pull_request")
	sx.attr(w, "branches", list([]string{"main"}))
	sx.close(w)
	sx.open(w, "schedule", "nightly")
	sx.attr(w, "cron", quote("0 3 * * *"))
	sx.close(w)
	sx.open(w, "manual")
	sx.open(w, "input", "channel")
	sx.attr(w, "type", quote("string"))
	sx.attr(w, "default", quote("deploys"))
	sx.close(w)
	sx.close(w)
	sx.close(w)

	sx.mapOpen(w, "env")
	sx.attr(w, "REGISTRY", quote("ghcr.io/example"))
	sx.mapClose(w)

	sx.open(w, "defaults")
	sx.attr(w, "runner", quote("linux"))
	sx.attr(w, "timeout", quote("30m"))
	sx.close(w)

	sx.open(w, "vault")
	sx.attr(w, "address", quote("https://vault.example.com"))
	sx.attr(w, "role", quote("monorepo-ci"))
	sx.close(w)

	for _, s := range []string{"codecov_token", "registry_token", "slack_webhook"} {
		sx.open(w, "secret", s)
		sx.close(w)
	}
	sx.open(w, "secret", "db_password")
	sx.open(w, "vault")
	sx.attr(w, "path", quote("secret/data/monorepo/db"))
	sx.attr(w, "field", quote("password"))
	sx.close(w)
	sx.close(w)

	sx.open(w, "identity", "aws_deploy")
	sx.open(w, "aws")
	sx.attr(w, "role_arn", quote("arn:aws:iam::123456789012:role/monorepo-deploy"))
	sx.attr(w, "region", quote("us-east-1"))
	sx.close(w)
	sx.close(w)

	sx.open(w, "environment", "staging")
	sx.attr(w, "url", quote("https://staging.shop.example.com"))
	sx.close(w)
	sx.open(w, "environment", "production")
	sx.attr(w, "url", quote("https://shop.example.com"))
	sx.attr(w, "approval", "true")
	sx.attr(w, "branches", list([]string{"main"}))
	sx.close(w)

	for _, s := range stages {
		renderStage(w, sx, s)
	}
	sx.close(w)
	return w.b.Bytes()
}

func renderStage(w *writer, sx syntax, s stage) {
	sx.open(w, "stage", s.name)
	if len(s.needs) > 0 {
		sx.attr(w, "needs", list(s.needs))
	}
	if s.image != "" {
		sx.attr(w, "image", quote(s.image))
	}
	if s.when != "" {
		sx.attr(w, "when", sx.cond(s.when))
	}
	if s.timeout != "" {
		sx.attr(w, "timeout", quote(s.timeout))
	}
	if s.retries > 0 {
		sx.attr(w, "retries", strconv.Itoa(s.retries))
	}
	if s.environment != "" {
		sx.attr(w, "environment", quote(s.environment))
	}
	if s.identity != "" {
		sx.attr(w, "identity", quote(s.identity))
	}
	if len(s.outputs) > 0 {
		sx.attr(w, "outputs", list(s.outputs))
	}
	if len(s.matrix) > 0 {
		sx.open(w, "matrix")
		sx.mapOpen(w, "axes")
		sx.attr(w, "python", list(s.matrix))
		sx.mapClose(w)
		sx.attr(w, "fail_fast", "false")
		sx.close(w)
	}
	if s.service != "" {
		sx.open(w, "service", s.service)
		sx.attr(w, "image", quote("postgres:16-alpine"))
		sx.mapOpen(w, "env")
		sx.attr(w, "POSTGRES_PASSWORD", quote("test"))
		sx.mapClose(w)
		sx.close(w)
	}
	if len(s.cachePaths) > 0 {
		sx.open(w, "cache")
		sx.attr(w, "paths", list(s.cachePaths))
		sx.attr(w, "key_files", list(s.cacheKeys))
		sx.close(w)
	}
	if len(s.canary) > 0 {
		incs := make([]string, len(s.canary))
		for i, n := range s.canary {
			incs[i] = strconv.Itoa(n)
		}
		sx.open(w, "strategy", "canary")
		sx.attr(w, "increments", "["+strings.Join(incs, ", ")+"]")
		sx.close(w)
	}
	renderSteps(w, sx, s.steps)
	if len(s.verify) > 0 {
		sx.open(w, "verify")
		renderSteps(w, sx, s.verify)
		sx.close(w)
	}
	if len(s.rollback) > 0 {
		sx.open(w, "rollback")
		renderSteps(w, sx, s.rollback)
		sx.close(w)
	}
	for _, a := range s.artifacts {
		sx.open(w, "artifact", a.name)
		sx.attr(w, "paths", list(a.paths))
		sx.attr(w, "expire_in", quote(a.expireIn))
		sx.close(w)
	}
	sx.close(w)
}

func renderSteps(w *writer, sx syntax, steps []step) {
	for _, st := range steps {
		sx.open(w, "step", st.name)
		sx.attr(w, "run", quote(st.run))
		if len(st.env) > 0 {
			sx.mapOpen(w, "env")
			for _, e := range st.env {
				sx.attr(w, e.key, sx.val(e.val))
			}
			sx.mapClose(w)
		}
		sx.close(w)
	}
}

// ReplaceEvery replaces the first occurrence of old in src and every nth one after it
// with new: the tests plant mistakes in a generated spec with it. An n below 1 counts as
// 1, and an empty old leaves src as it is.
func ReplaceEvery(src, old, new string, n int) string {
	if old == "" {
		return src
	}
	n = max(n, 1)
	var b strings.Builder
	for i := 0; ; i++ {
		before, after, found := strings.Cut(src, old)
		b.WriteString(before)
		if !found {
			return b.String()
		}
		if i%n == 0 {
			b.WriteString(new)
		} else {
			b.WriteString(old)
		}
		src = after
	}
}
