# A platform team's CUE, written out: the CUE twin builds the same pipeline from a
# definition with defaults (#GoStage's image), a let clause, string interpolation, a
# standard library import, hidden fields and a comprehension making one deploy stage and
# one environment per region. The output must be the same bytes as this file's.
pipeline "cue-templates" {
  on {
    push {
      branches = ["main"]
    }
  }
  env = {
    REGISTRY = "ghcr.io/acme"
  }
  defaults {
    runner = "linux"
  }
  environment "eu-west-1" {
    url = "https://eu-west-1.acme.io"
  }
  environment "us-east-1" {
    url = "https://us-east-1.acme.io"
  }
  stage "test" {
    image = "golang:1.23"
    step "unit" {
      run = "go test ./..."
    }
  }
  stage "build" {
    needs = ["test"]
    image = "golang:1.23"
    step "compile" {
      run   = "go build -o bin/app ./cmd/app"
      shell = "bash"
    }
    step "push" {
      run   = "docker push $REGISTRY/app:${ci.commit_sha}"
      shell = "bash"
    }
  }
  stage "deploy-eu-west-1" {
    needs       = ["build"]
    environment = "eu-west-1"
    when        = ci.branch == "main"
    step "helm" {
      run = "helm upgrade --install app ./chart --set region=eu-west-1 --set image.tag=${ci.commit_sha}"
    }
  }
  stage "deploy-us-east-1" {
    needs       = ["build"]
    environment = "us-east-1"
    when        = ci.branch == "main"
    step "helm" {
      run = "helm upgrade --install app ./chart --set region=us-east-1 --set image.tag=${ci.commit_sha}"
    }
  }
}
