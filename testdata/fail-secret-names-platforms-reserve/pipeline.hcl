# Fails: secrets whose variable a platform keeps for itself. GitHub refuses secret names
# starting with GITHUB_; GitLab predefines CI_* (CI_JOB_TOKEN is the job's own token);
# CircleCI sets CIRCLE_SHA1 in every job, and a project variable of that name would
# replace it; Azure Pipelines keeps a variable starting with secret (or endpoint, input,
# path, securefile) from tasks and scripts. circle_token is no built-in: it stays.
pipeline "fail-secret-names-platforms-reserve" {
  on {
    push {}
  }
  secret "github_pat" {}
  secret "ci_job_token" {}
  secret "circle_sha1" {}
  secret "circle_token" {}
  secret "secret_key" {}

  stage "publish" {
    step "upload" {
      run = "./upload.sh"
      env = {
        PAT     = secret.github_pat
        JOB     = secret.ci_job_token
        SHA     = secret.circle_sha1
        API     = secret.circle_token
        SIGNING = secret.secret_key
      }
    }
  }
}
