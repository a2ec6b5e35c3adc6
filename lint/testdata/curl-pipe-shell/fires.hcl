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
    step "install" { run = "curl -fsSL https://get.example.com/install.sh | sudo bash" } # want
  }
}
