package lint

import (
	"slices"
	"strings"

	"github.com/pipec-dev/pipec/compile/diag"
	"github.com/pipec-dev/pipec/compile/model"
)

var ruleDindService = &Rule{
	ID:        "dind-service",
	Category:  Portability,
	Severity:  diag.Warning,
	Summary:   "a docker:dind service cannot start, or cannot be reached, on a selected target",
	Rationale: "The Docker daemon in docker:dind needs a privileged container. pipec starts services without --privileged: GitHub and Azure Pipelines start them so, and dockerd fails there, although their hosted runners have Docker already; CircleCI never runs a secondary container privileged, and offers setup_remote_docker or a machine executor instead. GitLab runs the service privileged when the runner allows it (privileged = true in its config; GitLab.com's hosted runners do), but the job's docker client looks for a local socket unless DOCKER_HOST names the service, and the image's TLS setup needs DOCKER_TLS_CERTDIR set alike in the job and the service. So the stage's docker commands fail, on each target for its own reason.",
	Fix:       "on GitHub and Azure, run the stage without an image and call the runner's docker; on CircleCI, use a machine runner; on GitLab, set DOCKER_HOST = \"tcp://docker:2375\" in the stage's env and DOCKER_TLS_CERTDIR = \"\" in both the stage's and the service's, on a privileged runner",
	check: func(p *Pass) {
		targets := p.Targets
		if len(targets) == 0 {
			return // which platform runs it decides
		}
		for _, s := range p.Pipeline.Stages {
			for _, sv := range s.Services {
				if len(sv.Image.Refs()) > 0 || !dindImage(sv.Image.Literal()) {
					continue
				}
				var on, advice []string
				for _, t := range targets {
					if a := dindAdvice(p, s, sv, t); a != "" {
						on = append(on, t)
						advice = append(advice, a)
					}
				}
				if len(on) > 0 {
					p.reportDetail(sv.Image.Range, strings.Join(advice, "; "), "service %q of stage %q runs docker:dind, whose daemon cannot start or be reached on %s", sv.Name, s.Name, strings.Join(on, ", "))
				}
			}
		}
	},
}

// dindImage reports a Docker-in-Docker image: docker:dind, docker:27-dind,
// docker:dind-rootless, from Docker Hub under any of its spellings.
func dindImage(image string) bool {
	image, _, _ = strings.Cut(image, "@")
	name, tag, ok := strings.Cut(image, ":")
	if !ok || strings.Contains(tag, "/") {
		return false
	}
	for _, prefix := range []string{"docker.io/", "index.docker.io/", "library/"} {
		name = strings.TrimPrefix(name, prefix)
	}
	return name == "docker" && strings.Contains(tag, "dind")
}

// dindAdvice is what to do about a dind service on target, or "" where it works as
// written: GitLab with DOCKER_HOST set for the stage (the runner's privilege is not in
// the spec), GitHub with --privileged in the service's native options.
func dindAdvice(p *Pass, s *model.Stage, sv *model.Service, target string) string {
	switch target {
	case "github":
		if o := mapKey(mapKey(nativeKey(p, s, "github", "services"), sv.Name), "options"); o != nil && o.Kind == model.KindString && strings.Contains(o.Str, "--privileged") {
			return ""
		}
		return "GitHub starts the service without --privileged: run the stage without an image and call the runner's docker, or give the service options = \"--privileged\" in a native \"github\" services block"
	case "azure":
		return "Azure Pipelines starts the service container without --privileged: run the stage without an image and call the agent's docker"
	case "circleci":
		return "CircleCI never runs a secondary container privileged: use a machine runner, or setup_remote_docker, in place of the service"
	case "gitlab":
		if hasEnv(p.Pipeline.Env, "DOCKER_HOST") || hasEnv(s.Env, "DOCKER_HOST") {
			return ""
		}
		return "on GitLab set DOCKER_HOST = \"tcp://" + sv.Name + ":2375\" in the stage's env and DOCKER_TLS_CERTDIR = \"\" in the stage's and the service's, and run it on a runner with privileged = true"
	}
	return ""
}

func hasEnv(env []*model.EnvVar, name string) bool {
	return slices.ContainsFunc(env, func(v *model.EnvVar) bool { return v.Name == name })
}
