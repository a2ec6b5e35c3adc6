# Filter globs are read in order, as GitHub reads them: a ! glob removes the names the
# globs before it matched, and a later plain glob adds names back. GitLab gets one rule
# per run of globs, last run first; CircleCI one expression in that order; Azure, whose
# excludes win over every include, a warning for the glob it cannot add back. Pull
# request branches are negated too, and path globs whose ** does not end a segment
# (`**`, `**.md`) keep matching at any depth on GitLab, and braces (a cookiecutter
# template's directory) stay characters there, as on GitHub. An environment's branches are
# read in order too: release/old-* never deploys, release/old-lts does.
pipeline "globs-in-order" {
  on {
    push {
      branches = ["main", "release/**", "!release/old-*", "release/old-lts"]
      tags     = ["!v0.*", "v*"]
      paths    = ["src/**", "**.md", "{{cookiecutter.slug}}/**", "!docs/**"]
    }
    pull_request {
      branches = ["**", "!wip/**"]
      paths    = ["**"]
    }
  }

  environment "production" {
    branches = ["main", "release/**", "!release/old-*", "release/old-lts"]
  }

  stage "build" {
    step "make" {
      run = "make"
    }
  }

  stage "deploy" {
    needs       = ["build"]
    environment = "production"
    step "ship" {
      run = "./ship.sh"
    }
  }
}
