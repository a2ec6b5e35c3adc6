# An image whose ENTRYPOINT is its tool (bitnami/kubectl runs kubectl): GitLab's Docker
# executor would hand kubectl the job's shell as arguments, so pipec gives the image an
# empty entrypoint there; Azure's container jobs need an image without one, so stage
# "deploy" warns (azure/image-entrypoint). GitHub and CircleCI start the container their
# own way and need nothing. Stage "test", in node:20, keeps its entrypoint everywhere.
# Stage "plan" builds its image's tag from the matrix: the repository is still known,
# and GitLab's image gets the empty entrypoint too (it kept terraform's).
pipeline "image-tool-entrypoint" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "test" {
    image = "node:20-slim"
    step "test" {
      run = "npm test"
    }
  }

  stage "deploy" {
    needs = ["test"]
    image = "bitnami/kubectl:1.31"
    step "apply" {
      run = "kubectl apply -f k8s/"
    }
  }

  stage "plan" {
    needs = ["test"]
    matrix {
      axes = { v = ["1.8", "1.9"] }
    }
    image = "hashicorp/terraform:${matrix.v}"
    step "plan" {
      run = "terraform plan"
    }
  }
}
