# Images without a C library on GitHub: actions/checkout, actions/cache and the artifact
# actions run inside the job's container with the runner's Node.js, which cannot start
# in Kaniko's executor or in BusyBox. Stages "image" and "smoke" warn once each
# (github/image-without-libc); stage "alpine" does not (the runner brings a musl Node.js),
# but stage "arm" does (github/alpine-on-arm64): that Node.js is built for x64 only.
pipeline "github-image-without-libc" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "image" {
    image = "gcr.io/kaniko-project/executor:v1.23.2-debug"
    cache {
      paths     = [".kaniko-cache"]
      key_files = ["Dockerfile"]
    }
    step "build" {
      shell = "sh"
      run   = "/kaniko/executor --context . --no-push --cache-dir .kaniko-cache"
    }
  }

  stage "smoke" {
    needs = ["image"]
    image = "busybox:1.36"
    step "check" {
      shell = "sh"
      run   = "test -f Dockerfile"
    }
  }

  stage "alpine" {
    needs = ["image"]
    image = "alpine:3.20"
    step "check" {
      shell = "sh"
      run   = "test -f Dockerfile"
    }
  }

  stage "arm" {
    needs  = ["image"]
    runner = "linux-arm64"
    image  = "alpine:3.20"
    step "check" {
      shell = "sh"
      run   = "test -f Dockerfile"
    }
  }
}
