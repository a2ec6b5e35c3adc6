# Runs for real (run-github.txt): GitHub cannot re-run a job, so a python step of a
# stage with retries runs its script again with the step's interpreter. The first stage's
# script fails on its first try and passes on its second; the second stage's always
# fails, and stops the run after its retries (1 + 2 tries).
pipeline "run-retry-python" {
  on {
    push {
      branches = ["main"]
    }
  }

  stage "flaky" {
    retries = 2
    step "second-try" {
      shell = "python"
      run   = <<-EOT
        import os, sys
        n = int(open(".tries").read()) + 1 if os.path.exists(".tries") else 1
        open(".tries", "w").write(str(n))
        print("python try", n, flush=True)
        if n < 2:
            sys.exit("python fails on try %d" % n)
        print("python passed on try", n)
      EOT
    }
  }

  stage "broken" {
    needs   = ["flaky"]
    retries = 2
    step "always-fails" {
      shell = "python"
      run   = <<-EOT
        import os
        n = int(open(".broken").read()) + 1 if os.path.exists(".broken") else 1
        open(".broken", "w").write(str(n))
        print("broken try", n, flush=True)
        raise SystemExit(4)
      EOT
    }
  }
}
