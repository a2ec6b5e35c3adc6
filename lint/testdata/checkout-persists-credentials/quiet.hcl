pipeline "p" {
  on {
    push {
      branches = ["main"]
    }
  }
  defaults {
    timeout = "10m"
  }
  # pipec's own checkout persists nothing.
  stage "test" {
    image = "debian:12-slim"
    step "s" { run = "./test.sh" }
  }
  stage "docs" {
    image = "debian:12-slim"
    step "s" { run = "./build-docs.sh" }
    native "github" {
      steps = [
        {
          uses = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"
          with = { persist-credentials = false }
        },
        {
          uses = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"
          with = { repository = "acme/docs-theme", path = "theme", persist-credentials = "false" }
        },
        { run = "./build-docs.sh" },
      ]
    }
  }
}
