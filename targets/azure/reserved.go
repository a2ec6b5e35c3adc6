package azure

import (
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/targets"
)

// reservedNames are the prefixes Azure Pipelines reserves: a variable whose name starts
// with one, in any case, is not available to tasks and scripts (Azure's "variable naming
// restrictions"). Azure's predefined variables are named with dots (Build.SourceBranch),
// and a secret reaches a step only through the env pipec maps it into, under the spec's
// own variable name, so a secret named like their environment form is left alone.
var reservedNames = func() []targets.Reserved {
	var out []targets.Reserved
	for _, p := range []string{"ENDPOINT", "INPUT", "SECRET", "PATH", "SECUREFILE"} {
		out = append(out, targets.Reserved{Prefix: p, Why: "Azure Pipelines reserves the prefixes endpoint, input, secret, path and securefile (in any case): a variable whose name starts with one is not available to tasks and scripts"})
	}
	return out
}()

// checkSecretNames reports secrets whose variable Azure would keep from the steps.
func (e *emitter) checkSecretNames() {
	targets.ReservedSecrets(e.plan.Pipeline, reservedNames, func(s *model.Secret, name string, r *targets.Reserved) {
		e.errorf(s.NameRange, "reserved-name", r.Why+": rename the secret (pipec reads it as its name in upper case)", "secret %q cannot be the variable %s on Azure Pipelines", s.Name, name)
	})
}

// predefinedNames are the environment form of Azure's predefined variables: Azure hands
// Agent.TempDirectory, Build.SourceVersion, System.PullRequest.SourceBranch and the like
// to scripts as AGENT_TEMPDIRECTORY, BUILD_SOURCEVERSION, SYSTEM_PULLREQUEST_SOURCEBRANCH,
// and pipec's context step and generated steps read ci values and the agent's paths
// from those names. The names are exact: AGENT_, BUILD_ and SYSTEM_ are not reserved as a
// whole (BUILD_DIR is an ordinary variable), and System.Debug and System.AccessToken are
// ones Azure's documents ask a pipeline to set or to map into a step's env.
var predefinedNames = func() []targets.Reserved {
	var out []targets.Reserved
	add := func(why string, names ...string) {
		for _, n := range names {
			out = append(out, targets.Reserved{Exact: n, Why: why})
		}
	}
	add("Azure Pipelines hands its predefined Agent.* variables to scripts under this name (Agent.TempDirectory is AGENT_TEMPDIRECTORY)",
		"AGENT_BUILDDIRECTORY", "AGENT_CONTAINERMAPPING", "AGENT_HOMEDIRECTORY", "AGENT_ID",
		"AGENT_JOBNAME", "AGENT_JOBSTATUS", "AGENT_MACHINENAME", "AGENT_NAME", "AGENT_OS",
		"AGENT_OSARCHITECTURE", "AGENT_TEMPDIRECTORY", "AGENT_TOOLSDIRECTORY", "AGENT_WORKFOLDER")
	add("Azure Pipelines hands its predefined Build.* variables to scripts under this name (Build.SourceVersion is BUILD_SOURCEVERSION)",
		"BUILD_ARTIFACTSTAGINGDIRECTORY", "BUILD_BINARIESDIRECTORY", "BUILD_BUILDID",
		"BUILD_BUILDNUMBER", "BUILD_BUILDURI", "BUILD_CONTAINERID", "BUILD_DEFINITIONNAME",
		"BUILD_DEFINITIONVERSION", "BUILD_QUEUEDBY", "BUILD_QUEUEDBYID", "BUILD_REASON",
		"BUILD_REPOSITORY_CLEAN", "BUILD_REPOSITORY_ID", "BUILD_REPOSITORY_LOCALPATH",
		"BUILD_REPOSITORY_NAME", "BUILD_REPOSITORY_PROVIDER", "BUILD_REPOSITORY_URI",
		"BUILD_REQUESTEDFOR", "BUILD_REQUESTEDFOREMAIL", "BUILD_REQUESTEDFORID",
		"BUILD_SOURCEBRANCH", "BUILD_SOURCEBRANCHNAME", "BUILD_SOURCESDIRECTORY",
		"BUILD_SOURCEVERSION", "BUILD_SOURCEVERSIONMESSAGE", "BUILD_STAGINGDIRECTORY")
	add("Azure Pipelines hands its predefined System.* variables to scripts under this name (System.PullRequest.SourceBranch is SYSTEM_PULLREQUEST_SOURCEBRANCH)",
		"SYSTEM_COLLECTIONID", "SYSTEM_COLLECTIONURI", "SYSTEM_DEFAULTWORKINGDIRECTORY",
		"SYSTEM_DEFINITIONID", "SYSTEM_HOSTTYPE", "SYSTEM_JOBATTEMPT", "SYSTEM_JOBDISPLAYNAME",
		"SYSTEM_JOBID", "SYSTEM_JOBNAME", "SYSTEM_PHASEATTEMPT", "SYSTEM_PHASEDISPLAYNAME",
		"SYSTEM_PHASENAME", "SYSTEM_PLANID", "SYSTEM_PULLREQUEST_ISFORK",
		"SYSTEM_PULLREQUEST_PULLREQUESTID", "SYSTEM_PULLREQUEST_PULLREQUESTNUMBER",
		"SYSTEM_PULLREQUEST_SOURCEBRANCH", "SYSTEM_PULLREQUEST_SOURCECOMMITID",
		"SYSTEM_PULLREQUEST_SOURCEREPOSITORYURI", "SYSTEM_PULLREQUEST_TARGETBRANCH",
		"SYSTEM_PULLREQUEST_TARGETBRANCHNAME", "SYSTEM_STAGEATTEMPT", "SYSTEM_STAGEDISPLAYNAME",
		"SYSTEM_STAGENAME", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "SYSTEM_TEAMPROJECT",
		"SYSTEM_TEAMPROJECTID", "SYSTEM_TIMELINEID")
	add("Azure Pipelines sets TF_BUILD in every job", "TF_BUILD")
	return out
}()

// checkEnvNames warns about env variables named like the environment form of one of
// Azure's predefined variables: the variable replaces Azure's value in the steps that
// get it, and pipec's context step, which computes ci.short_sha, ci.branch, ci.event and
// ci.pr_number from BUILD_* and SYSTEM_* variables, may read the spec's value there
// while ci.commit_sha still reads Azure's, on this target alone.
func (e *emitter) checkEnvNames() {
	targets.ReservedEnv(e.plan.Pipeline, predefinedNames, func(v *model.EnvVar, r *targets.Reserved) {
		e.warnf(v.NameRange, "reserved-name", r.Why+": a variable of that name replaces Azure's value in the steps that get it, and pipec's own steps read ci values (short_sha, branch, event, pr_number) and the agent's directories from these names, so the job runs unlike on the other targets; rename the variable", "variable %q replaces a predefined variable on Azure Pipelines", v.Name)
	})
}

// Predefined reports whether Azure Pipelines hands every job's scripts the variable
// name: the environment form of one of its documented predefined variables.
func Predefined(name string) bool {
	return targets.ReservedRule(name, predefinedNames) != nil
}
