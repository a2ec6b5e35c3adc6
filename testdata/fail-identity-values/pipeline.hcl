# Fails: identity values of a form their cloud never accepts, which every target would
# paste as they are and the cloud would refuse only when the job runs: a GCP provider
# named with the project's ID instead of its number, an ARN without the account, a
# region name, an audience with a space, and a role ARN with a line break, which would
# also end Azure's logging command that sets AWS_ROLE_ARN and start another.
pipeline "fail-identity-values" {
  on {
    push {}
  }
  vault {
    address  = "https://vault.example.com"
    role     = "ci"
    audience = "vault ci"
  }
  identity "aws_no_account" {
    aws {
      role_arn = "arn:aws:iam:::role/deploy"
      region   = "US East (N. Virginia)"
    }
  }
  identity "aws_line_break" {
    aws {
      role_arn = "arn:aws:iam::123456789012:role/deploy\n##vso[task.setvariable variable=AWS_ROLE_ARN]arn:aws:iam::999999999999:role/admin"
      region   = "us-gov-west-1"
    }
  }
  identity "gcp_project_id" {
    gcp {
      workload_identity_provider = "projects/my-project/locations/global/workloadIdentityPools/ci/providers/ci"
      service_account            = "deployer"
    }
  }
  identity "azure_names" {
    azure {
      client_id       = "my-app"
      tenant_id       = "contoso.onmicrosoft.com"
      subscription_id = "Production"
    }
  }
  identity "fine" {
    aws {
      role_arn = "arn:aws-cn:iam::123456789012:role/ci/deploy"
      region   = "cn-north-1"
    }
  }
  stage "a" {
    identity = "aws_no_account"
    step "go" { run = "aws sts get-caller-identity" }
  }
  stage "b" {
    identity = "aws_line_break"
    step "go" { run = "aws sts get-caller-identity" }
  }
  stage "c" {
    identity = "gcp_project_id"
    step "go" { run = "gcloud auth list" }
  }
  stage "d" {
    identity = "azure_names"
    step "go" { run = "az account show" }
  }
  stage "e" {
    identity = "fine"
    step "go" { run = "aws sts get-caller-identity" }
  }
}
