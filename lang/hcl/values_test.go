package hcl

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pipec-dev/pipec/compile/expr"
	"github.com/pipec-dev/pipec/compile/model"
)

// manyAttributes sets enough attributes in one body that Go's map order would show.
const manyAttributes = `pipeline "order" {
  stage "s" {
    needs         = ["a"]
    runner        = ["self-hosted", "gpu"]
    image         = "img"
    timeout       = "1h30m"
    retries       = 2
    allow_failure = true
    environment   = "prod"
    identity      = "id"
    outputs       = ["x", "y"]
    env = { Z = "1", A = "2", M = "3", B = "4", Y = "5", C = "6" }
    native "gitlab" {
      z = 1
      a = 2
      m = 3
      b = { y = 1, c = 2 }
      timeout-minutes = 5
    }
    step "one" {
      run = "x"
      shell = 5
    }
    step "two" {
      run = 5
      env = "x"
      timeout = "forever"
      continue_on_error = "yes"
    }
  }
}
`

func TestDeterministic(t *testing.T) {
	p1, d1 := Parse("pipeline.hcl", []byte(manyAttributes))
	for i := 0; i < 20; i++ {
		p2, d2 := Parse("pipeline.hcl", []byte(manyAttributes))
		if !reflect.DeepEqual(p1, p2) || !reflect.DeepEqual(d1, d2) {
			t.Fatal("decoding the same file twice gave different results")
		}
	}
	var keys []string
	for _, e := range p1.Stages[0].Natives[0].Body.Map {
		keys = append(keys, e.Key)
	}
	eq(t, "native keys in source order", strings.Join(keys, ","), "z,a,m,b,timeout-minutes")
	var env []string
	for _, e := range p1.Stages[0].Env {
		env = append(env, e.Name)
	}
	eq(t, "env in source order", strings.Join(env, ","), "Z,A,M,B,Y,C")
	eq(t, "diagnostics in source order", strings.Join(got(d1), "; "),
		"wrong-type 22:15; wrong-type 25:13; wrong-type 26:13; bad-duration 27:17; wrong-type 28:27")
}

func TestValues(t *testing.T) {
	p := mustParse(t, `pipeline "v" {
  on {
    manual {
      input "version" {
        type     = "choice"
        options  = ["3.10", "3.12"]
        default  = 3.10
        required = true
      }
      input "n" {
        default = -2
      }
      input "obj" {
        default = { b = [1, "x", null], a = false }
      }
    }
  }
  stage "s" {
    runner = ["self-hosted", "gpu"]
    when   = (stage.check-drift.outputs.should_retrain == "true" # the drift check
              || input.force) // or a person asked
    matrix {
      axes         = { python = ["3.10", 3.12], os = ["linux"] }
      include      = [{ python = "3.13", os = "macos" }]
      exclude      = [{ python = "3.10", os = "linux" }]
      max_parallel = 2
    }
    service "db" {
      image = "postgres:${matrix.pg}"
      ports = [5432, 8080]
    }
    env = {
      PORT    = 5432
      DEBUG   = true
      DRIFT   = stage.check-drift.outputs.should_retrain
      "QUOTED" = "${input.version}"
      LITERAL = "$${HOME} %%{x}"
    }
    step "script" {
      run = <<-EOT
        echo "${ci.commit_sha}"
        echo $${NOT_A_REF}
      EOT
      working_directory = "app/${matrix.python}"
      shell             = "bash"
      timeout           = "90s"
      continue_on_error = true
    }
    strategy "rolling" {
      batches      = 3
      max_parallel = 1
    }
    switch {
      step "swap" { run = "swap" }
    }
    native "github" {
      timeout-minutes = 5
      concurrency     = { group = "g", cancel-in-progress = true }
    }
  }
}
`)
	in := p.On.Manual.Inputs
	eq(t, "choice default keeps its text", in[0].Default.Str, "3.10")
	eq(t, "choice default kind", in[0].Default.Kind, model.KindNumber)
	eq(t, "options", strs(in[0].Options), "3.10,3.12")
	eq(t, "required", in[0].Required, true)
	eq(t, "negative default", in[1].Default.Str, "-2")
	obj := in[2].Default
	eq(t, "map kind", obj.Kind, model.KindMap)
	eq(t, "map order", obj.Map[0].Key+","+obj.Map[1].Key, "b,a")
	eq(t, "list", len(obj.Map[0].Value.List), 3)
	eq(t, "null", obj.Map[0].Value.List[2].Kind, model.KindNull)
	eq(t, "key range", at(obj.Map[1].KeyRange), "14:41")

	s := p.Stages[0]
	eq(t, "runner labels", strs(s.Runner.Labels), "self-hosted,gpu")
	eq(t, "runner class", s.Runner.Class, "")
	eq(t, "when with comments", s.When.String(), `(stage.check-drift.outputs.should_retrain == "true") || input.force`)
	eq(t, "when second line", at(expr.Refs(s.When)[1].Range), "21:18")

	m := s.Matrix
	eq(t, "axes order", m.Axes[0].Name+","+m.Axes[1].Name, "python,os")
	eq(t, "axis number text", m.Axes[0].Values[1].Str, "3.12")
	eq(t, "axis number kind", m.Axes[0].Values[1].Kind, model.KindNumber)
	eq(t, "include", m.Include[0].Values[1].Key+"="+m.Include[0].Values[1].Value.Str, "os=macos")
	eq(t, "exclude", m.Exclude[0].Values[0].Value.Str, "3.10")
	eq(t, "max_parallel", m.MaxParallel.Value, 2)
	eq(t, "fail_fast unset", m.FailFast == nil, true)

	eq(t, "service image ref", s.Services[0].Image.Refs()[0].String(), "matrix.pg")
	eq(t, "ports", len(s.Services[0].Ports), 2)
	eq(t, "port", s.Services[0].Ports[1].Value, 8080)

	env := map[string]string{}
	for _, e := range s.Env {
		env[e.Name] = e.Value.Text()
	}
	eq(t, "number env", env["PORT"], "5432")
	eq(t, "bool env", env["DEBUG"], "true")
	eq(t, "dashed bare reference", env["DRIFT"], "${stage.check-drift.outputs.should_retrain}")
	eq(t, "quoted key, wrapped reference", env["QUOTED"], "${input.version}")
	eq(t, "escapes stay literal", s.Env[4].Value.Parts[0].Lit, "${HOME} %{x}")
	eq(t, "escapes are one literal part", len(s.Env[4].Value.Parts), 1)

	st := s.Steps[0]
	eq(t, "heredoc", st.Run.Parts[0].Lit, "echo \"")
	eq(t, "heredoc ref", st.Run.Parts[1].Ref.String(), "ci.commit_sha")
	eq(t, "heredoc ref at", at(st.Run.Parts[1].Ref.Range), "41:17")
	eq(t, "heredoc tail", st.Run.Parts[2].Lit, "\"\necho ${NOT_A_REF}\n")
	eq(t, "working_directory", st.WorkingDirectory.Text(), "app/${matrix.python}")
	eq(t, "shell", st.Shell.Value, "bash")
	eq(t, "timeout", st.Timeout.Minutes(), int64(2))
	eq(t, "continue_on_error", st.ContinueOnError.Value, true)

	eq(t, "strategy", s.Strategy.Kind, "rolling")
	eq(t, "batches", s.Strategy.Batches.Value, 3)
	eq(t, "max_parallel", s.Strategy.MaxParallel.Value, 1)
	eq(t, "switch", s.Switch.Steps[0].Name, "swap")

	n := s.Natives[0]
	eq(t, "native target", n.Target, "github")
	eq(t, "native keys", n.Body.Map[0].Key+","+n.Body.Map[1].Key, "timeout-minutes,concurrency")
	eq(t, "native nested", n.Body.Map[1].Value.Map[1].Key, "cancel-in-progress")
}

func TestWhenAsString(t *testing.T) {
	p := mustParse(t, inStage(`    when = "ci.branch == 'main' && !input.dry_run"`+"\n    step \"s\" { run = \"x\" }"))
	w := p.Stages[0].When
	eq(t, "when", w.String(), `(ci.branch == "main") && !input.dry_run`)
	eq(t, "positions start inside the quote", at(w.Range()), "3:13")
}

func TestIdentityProviders(t *testing.T) {
	p := mustParse(t, `pipeline "ids" {
  identity "a" {
    azure {
      client_id       = "c"
      tenant_id       = "t"
      subscription_id = "s"
    }
    service_connection = "conn"
  }
  identity "o" {
    oidc {
      audience = "https://x"
      env      = "TOKEN"
    }
  }
  identity "g" {
    gcp {
      workload_identity_provider = "w"
      service_account            = "sa"
      audience                   = "aud"
    }
  }
  secret "s" {
    vault {
      path  = "p"
      field = "f"
    }
  }
}
`)
	ids := p.Identities
	eq(t, "azure", ids[0].Kind()+" "+ids[0].Azure.SubscriptionID.Value+" "+ids[0].ServiceConnection.Value, "azure s conn")
	eq(t, "oidc", ids[1].Kind()+" "+ids[1].OIDC.Env.Value, "oidc TOKEN")
	eq(t, "gcp", ids[2].Kind()+" "+ids[2].GCP.Audience.Value, "gcp aud")
	eq(t, "secret vault", p.Secrets[0].Vault.Field.Value, "f")
}
