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
  stage "automerge" {
    image = "debian:12-slim"
    when  = ci.event == "pull_request" && ci.actor == "dependabot[bot]" # want
    step "s" { run = "./automerge.sh" }
  }
  # Negated twice is a test that lets the bot in.
  stage "renovate" {
    image = "debian:12-slim"
    when  = !(ci.actor != "renovate[bot]") # want
    step "s" { run = "./renovate-post.sh" }
  }
  # A native block's if, which replaces the stage's condition on GitHub.
  stage "native" {
    image = "debian:12-slim"
    step "s" { run = "./automerge.sh" }
    native "github" {
      if = "github.triggering_actor == 'dependabot[bot]'" # want
    }
  }
  stage "any-bot" {
    image = "debian:12-slim"
    when  = startswith(ci.actor, "dependabot") # want
    step "s" { run = "./label.sh" }
  }
}
