# Azure runs every step of a container job in the container with bash, and its tasks
# with the agent's Node.js (glibc): an Alpine image fails the job, even with sh steps
# only. Stage "docs" warns (azure/image-without-bash); stage "site", in a Debian image,
# does not.
pipeline "azure-image-without-bash" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "docs" {
    image = "python:3.12-alpine"
    step "build" {
      shell = "sh"
      run   = "mkdocs build"
    }
  }

  stage "site" {
    image = "node:20-slim"
    step "build" {
      run = "npm run build"
    }
  }
}
