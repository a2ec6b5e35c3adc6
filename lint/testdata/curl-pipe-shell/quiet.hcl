pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "setup" {
    image = "alpine:3.20"
    step "install" { run = "curl -fsSLo install.sh https://get.example.com/install.sh && sha256sum -c install.sh.sha256 && sh install.sh" }
  }
}
