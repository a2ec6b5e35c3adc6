# azure/login runs the Azure CLI inside the job's container, and fails where the image
# has none: stage "plan", in an image, warns (github/azure-login-in-image); stage
# "apply", on the runner, does not.
pipeline "github-azure-login-in-image" {
  on {
    push {
      branches = ["main"]
    }
  }

  identity "azure_tf" {
    azure {
      client_id       = "11111111-2222-3333-4444-555555555555"
      tenant_id       = "66666666-7777-8888-9999-000000000000"
      subscription_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    }
    service_connection = "tf-prod"
  }

  stage "plan" {
    image    = "hashicorp/terraform:1.9"
    identity = "azure_tf"
    step "plan" {
      run = "terraform plan"
    }
  }

  stage "apply" {
    needs    = ["plan"]
    identity = "azure_tf"
    step "apply" {
      run = "terraform apply -auto-approve"
    }
  }
}
