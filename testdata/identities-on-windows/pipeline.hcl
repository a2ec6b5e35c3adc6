# Cloud identities on Windows runners. Google Cloud's credential file names the token
# file inside JSON, where no shell rewrites paths: on GitLab, CircleCI and Azure it holds
# the path as Windows programs read it (cygpath -m: C:/..., forward slashes), not bash's
# /tmp/... nor the agent's D:\a\_temp. gcloud runs from pwsh as a native program.
pipeline "identities-on-windows" {
  on {
    push {
      branches = ["main"]
    }
  }

  identity "gcp" {
    service_connection = "ci-gcp"
    gcp {
      workload_identity_provider = "projects/987654/locations/global/workloadIdentityPools/ci/providers/ci"
      service_account            = "deployer@example-project.iam.gserviceaccount.com"
    }
  }
  identity "aws" {
    service_connection = "ci-aws"
    aws {
      role_arn = "arn:aws:iam::111111111111:role/ci-windows"
      region   = "eu-west-1"
    }
  }

  stage "gcs-upload" {
    runner   = "windows"
    identity = "gcp"
    step "upload" {
      shell = "pwsh"
      run   = "gcloud storage cp dist/app.zip gs://example-bucket/"
    }
  }

  stage "s3-upload" {
    runner   = "windows"
    identity = "aws"
    step "upload" {
      shell = "pwsh"
      run   = "aws s3 cp dist/app.zip s3://example-bucket/"
    }
  }
}
