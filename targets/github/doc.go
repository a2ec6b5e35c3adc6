// Package github lowers a plan into one GitHub Actions workflow file
// (.github/workflows/NAME.yml).
//
// References reach `run` scripts only through step `env` (never a ${{ }} inside a script),
// permissions are least-privilege per job (contents: read; id-token: write only where an
// identity or Vault is used), every action is pinned to a full commit SHA, and deploy
// strategies become chains of jobs with a rollback job.
package github
