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
    image       = "alpine/k8s:1.30.4@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    environment = "staging"
    step "s" { run = "kubectl apply -f k8s/" }
  }
  stage "build" {
    image = "golang:1.23"
    step "s" { run = "go build ./..." }
  }
  # One of its images is latest: image-unpinned reports the image, once.
  stage "deploy-regions" {
    image       = "alpine/k8s:${matrix.k8s}"
    environment = "staging"
    matrix {
      axes = { k8s = ["1.30.4", "latest"] }
    }
    step "s" { run = "kubectl apply -f k8s/" }
  }
}
