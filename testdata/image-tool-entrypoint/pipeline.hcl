# An image whose ENTRYPOINT is its tool (bitnami/kubectl runs kubectl): GitLab's Docker
# executor would hand kubectl the job's shell as arguments, so pipec gives the image an
# empty entrypoint there; Azure's container jobs need an image without one, so stage
# "deploy" warns (azure/image-entrypoint). GitHub and CircleCI start the container their
# own way and need nothing. Stage "test", in node:20, keeps its entrypoint everywhere.
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
}
