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
    image = "debian:12-slim"
    step "install" { run = "curl -fsSLo install.sh https://get.example.com/install.sh && sha256sum -c install.sh.sha256 && sh install.sh" }
    # The download is data for a program the command line names.
    step "json" { run = "curl -fsS https://api.example.com/release | python3 -c 'import json, sys; print(json.load(sys.stdin)[\"tag\"])'" }
    step "summary" { run = "curl -fsS https://api.example.com/release | python3 scripts/summarize.py --field tag" }
    step "check" { run = "curl -fsS https://api.example.com/health | bash ./check.sh" }
    step "key" { run = "curl -fsSL https://example.com/key.gpg | gpg --dearmor -o /usr/share/keyrings/example.gpg" }
    step "archive" { run = "curl -fsSL https://example.com/tool.tar.gz | tar xz -C /usr/local/bin" }
    # Not a download: the word curl in text, and in a comment.
    step "echo" { run = "echo 'install curl first' | bash ./check.sh" }
    step "comment" { run = "./install.sh # was: curl -fsSL https://get.example.com | sh" }
  }
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "make" }
    native "gitlab" {
      script = ["curl -fsSL -o install.sh https://get.example.com/install.sh", "sha256sum -c install.sh.sha256", "sh install.sh"]
    }
  }
}
