package lint

// All is every rule, in the order docs/rules.md lists them: security, correctness,
// portability. A new rule is added here and in its own rule_<id>.go.
var All = []*Rule{
	// security
	ruleSecretLiteral,
	ruleDeployFromPullRequest,
	ruleDeployFromAnyBranch,
	ruleSecretInPullRequest,
	ruleIdentityInPullRequest,
	ruleSelfHostedPullRequest,
	ruleUntrustedInScript,
	ruleCurlPipeShell,
	ruleLongLivedCloudKey,
	ruleSecretInURL,
	ruleSecretInTrace,
	ruleImageUnpinned,
	ruleDeployImageDigest,
	ruleProductionWithoutApproval,
	ruleVaultNotConfigured,
	ruleCacheInDeploy,
	ruleExcessivePermissions,
	// correctness
	ruleUnusedSecret,
	ruleUnusedIdentity,
	ruleUnusedEnvironment,
	ruleUnusedOutput,
	ruleUnusedInput,
	ruleUnreachableStage,
	ruleReferenceInSingleQuotes,
	ruleMatrixExplosion,
	ruleMissingTimeout,
	ruleRollbackMissing,
	ruleCanaryIncrements,
	ruleUnreadArtifact,
	ruleCacheWithoutKey,
	ruleRetriesOnDeploy,
	ruleAllowFailureOnDeploy,
	// portability
	ruleImageWithoutBash,
	ruleTargetUnsupported,
	ruleActionlint,
}
