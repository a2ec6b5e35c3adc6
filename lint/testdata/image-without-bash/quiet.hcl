pipeline "p" {
  on {
    push {}
  }
  defaults {
    timeout = "10m"
  }
  # Images with bash, Alpine-based ones named otherwise among them.
  stage "slim" {
    image = "node:20-slim"
    step "s" { run = "npm ci" }
  }
  stage "bash" {
    image = "bash:5.2"
    step "s" { run = "echo hi" }
  }
  stage "k8s" {
    image = "alpine/k8s:1.30.4"
    step "s" { run = "kubectl version" }
  }
  # Steps written for sh.
  stage "sh" {
    image = "alpine:3.20"
    step "s" {
      shell = "sh"
      run   = "echo hi"
    }
  }
  # A service image is not where steps run.
  stage "services" {
    image = "node:20-slim"
    service "db" {
      image = "postgres:16-alpine"
    }
    step "s" { run = "npm test" }
  }
  # No image: the runner's own shell.
  stage "host" {
    step "s" { run = "echo host" }
  }
}
