# OIDC workload identities: AWS with the default and a custom audience, GCP, Azure with
# and without a subscription, and a raw OIDC token for any other service. Only the jobs
# that use an identity get id-token: write; no long-lived key appears anywhere.
pipeline "identities-cloud-oidc" {
  on {
    push {
      branches = ["main"]
    }
  }

  identity "aws_default" {
    service_connection = "ci-aws"
    aws {
      role_arn = "arn:aws:iam::111111111111:role/ci-readonly"
      region   = "eu-west-1"
    }
  }
  identity "aws_custom_audience" {
    aws {
      role_arn = "arn:aws:iam::222222222222:role/ci-deploy"
      region   = "us-west-2"
      audience = "sts.example-partition.amazonaws.com"
    }
  }
  identity "gcp" {
    service_connection = "ci-gcp"
    gcp {
      workload_identity_provider = "projects/987654/locations/global/workloadIdentityPools/ci/providers/github"
      service_account            = "deployer@example-project.iam.gserviceaccount.com"
    }
  }
  identity "gcp_audience" {
    gcp {
      workload_identity_provider = "projects/987654/locations/global/workloadIdentityPools/ci/providers/github"
      service_account            = "reader@example-project.iam.gserviceaccount.com"
      audience                   = "https://iam.googleapis.com/projects/987654/locations/global/workloadIdentityPools/ci/providers/github"
    }
  }
  identity "azure_sub" {
    service_connection = "ci-azure"
    azure {
      client_id       = "00000000-0000-0000-0000-000000000001"
      tenant_id       = "00000000-0000-0000-0000-0000000000aa"
      subscription_id = "00000000-0000-0000-0000-0000000000bb"
    }
  }
  identity "azure_tenant" {
    azure {
      client_id = "00000000-0000-0000-0000-000000000002"
      tenant_id = "00000000-0000-0000-0000-0000000000aa"
    }
  }
  identity "registry" {
    service_connection = "ci-registry"
    oidc {
      audience = "https://registry.example.com"
      env      = "REGISTRY_ID_TOKEN"
    }
  }

  stage "no-identity" {
    step "lint" {
      run = "make lint"
    }
  }

  stage "s3-list" {
    needs    = ["no-identity"]
    identity = "aws_default"
    step "ls" {
      run = "aws s3 ls s3://example-artifacts/"
    }
  }

  stage "s3-sync" {
    needs    = ["no-identity"]
    identity = "aws_custom_audience"
    step "sync" {
      run = "aws s3 sync dist/ s3://example-site/"
    }
  }

  stage "gcs" {
    needs    = ["no-identity"]
    identity = "gcp"
    step "upload" {
      run = "gcloud storage cp dist/* gs://example-bucket/"
    }
  }

  stage "gcs-read" {
    needs    = ["no-identity"]
    identity = "gcp_audience"
    step "list" {
      run = "gcloud storage ls gs://example-bucket/"
    }
  }

  stage "azure-sub" {
    needs    = ["no-identity"]
    identity = "azure_sub"
    step "show" {
      run = "az account show"
    }
  }

  stage "azure-tenant" {
    needs    = ["no-identity"]
    identity = "azure_tenant"
    step "graph" {
      run = "az ad signed-in-user show || true"
    }
  }

  stage "registry-login" {
    needs    = ["no-identity"]
    identity = "registry"
    step "login" {
      run = "curl -sSf -H \"Authorization: Bearer $REGISTRY_ID_TOKEN\" https://registry.example.com/v2/token"
    }
  }

  # An image with curl and no bash: GitHub gets the token in sh there, as the step runs.
  stage "registry-login-in-image" {
    needs    = ["no-identity"]
    identity = "registry"
    image    = "curlimages/curl:8.11.1"
    step "login" {
      shell = "sh"
      run   = "curl -sSf -H \"Authorization: Bearer $REGISTRY_ID_TOKEN\" https://registry.example.com/v2/token"
    }
  }
}
