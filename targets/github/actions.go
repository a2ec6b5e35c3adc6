package github

// Action is a third-party action pinned to a full commit SHA: a tag can be moved to other
// code, a SHA cannot. Version is written beside it so people and Dependabot can read it.
type Action struct {
	Repo    string
	SHA     string
	Version string
}

func (a Action) uses() string { return a.Repo + "@" + a.SHA }

// The SHAs below were checked against public pins of the same release in independent
// repositories; update them together with Version.
var (
	actCheckout = Action{"actions/checkout", "11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"}
	actCache    = Action{"actions/cache", "0057852bfaa89a56745cba8c7296529d2fc39830", "v4.3.0"}
	actUpload   = Action{"actions/upload-artifact", "ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"}
	actDownload = Action{"actions/download-artifact", "d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0"}
	actAWS      = Action{"aws-actions/configure-aws-credentials", "ececac1a45f3b08a01d2dd070d28d111c5fe6722", "v4.1.0"}
	actGCP      = Action{"google-github-actions/auth", "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093", "v3.0.0"}
	actAzure    = Action{"azure/login", "a457da9ea143d694b1b9c7c869ebb04ebe844ef5", "v2.3.0"}
	actVault    = Action{"hashicorp/vault-action", "a1b77a09293a4366e48a5067a86692ac6e94fdc0", "v3.1.0"}
)

// Actions lists every action the back end may emit, for tests and documentation.
var Actions = []Action{actCheckout, actCache, actUpload, actDownload, actAWS, actGCP, actAzure, actVault}
