pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  environment "staging" {}
  stage "deploy" {
    image       = "alpine/k8s:1.30.4" # want
    environment = "staging"
    step "s" { run = "kubectl apply -f k8s/" }
  }
  stage "helm" {
    image       = "ghcr.io/acme/helm:3.15" # want
    environment = "staging"
    step "s" { run = "helm upgrade web ./chart" }
  }
}
