# Fails: images written in GitLab's object form, image: {name: ..., entrypoint: [""]}.
# pipec's image is one string, and the hint says where GitLab's entrypoint override
# comes from instead.
pipeline "fail-image-as-object" {
  on {
    push {}
  }

  stage "plan" {
    image = { name = "hashicorp/terraform:1.9", entrypoint = [""] }
    service "db" {
      image = { name = "postgres:16" }
    }
    step "plan" {
      run = "terraform plan"
    }
  }
}
