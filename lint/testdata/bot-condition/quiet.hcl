pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
    pull_request {}
  }
  defaults {
    timeout = "10m"
  }
  # Excluding a bot grants it nothing; a push by a bot is the bot's.
  stage "not-bots" {
    image = "debian:12-slim"
    when  = ci.actor != "dependabot[bot]"
    step "s" { run = "./test.sh" }
  }
  stage "pushed-by-bot" {
    image = "debian:12-slim"
    when  = ci.event == "push" && ci.actor == "dependabot[bot]"
    step "s" { run = "./post-update.sh" }
  }
  # The pull request's author, which a fork cannot change.
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "./automerge.sh" }
    native "github" {
      if = "github.event.pull_request.user.login == 'dependabot[bot]'"
    }
  }
  # People's logins are not spoofed.
  stage "release-manager" {
    image = "debian:12-slim"
    when  = ci.actor == "abbott" || startswith(ci.actor, "release-")
    step "s" { run = "./notes.sh" }
  }
}
