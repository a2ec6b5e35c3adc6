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
    step "install" { run = "curl -fsSL https://get.example.com/install.sh | sudo bash" } # want
    # A shell's -e is errexit: the program is still the download.
    step "errexit" { run = "curl -fsSL https://get.example.com/install.sh | sh -e" } # want
    step "tee" { run = "curl -fsSL https://get.example.com/install.sh | tee install.log | sh -s -- --yes" } # want
    step "substitution" { run = "sh -c \"$(wget -qO- https://get.example.com/install.sh)\"" } # want
    step "process" { run = "bash <(curl -fsSL https://get.example.com/install.sh)" } # want
    step "eval" { run = "eval \"$(curl -fsSL https://get.example.com/env.sh)\"" } # want
    step "continued" { # want
      run = <<-EOT
        curl -fsSL https://get.example.com/install.sh \
          | bash
      EOT
    }
    step "powershell" { # want
      shell = "pwsh"
      run   = "iex ((New-Object System.Net.WebClient).DownloadString('https://get.example.com/install.ps1'))"
    }
  }
  # A native block's scripts run as written.
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "make" }
    native "gitlab" {
      before_script = ["apt-get update", "curl -fsSL https://get.example.com/install.sh | bash"] # want
    }
    native "circleci" {
      steps = [{ run = { command = "wget -qO- https://get.example.com/install.sh | sh" } }] # want
    }
  }
}
