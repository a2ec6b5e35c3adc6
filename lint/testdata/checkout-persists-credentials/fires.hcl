pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  stage "docs" {
    image = "debian:12-slim"
    step "s" { run = "./build-docs.sh" }
    native "github" {
      steps = [
        { uses = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683" }, # want
        {
          uses = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683" # want
          with = { repository = "acme/docs-theme", path = "theme", persist-credentials = true }
        },
        # The same action, its path spelled with a "." part.
        { uses = "actions/checkout/./@11bd71901bbe5b1630ceea73d27597364c9af683" }, # want
        { run = "./build-docs.sh" },
      ]
    }
  }
}
