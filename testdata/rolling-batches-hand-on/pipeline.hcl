# A rolling deploy's batches each hand on their outputs and artifacts: a value or a file
# only an earlier batch wrote reaches the stages after it (CircleCI, whose batches of a
# wave run at once, keeps each batch's in a directory of its own and merges them in order).
pipeline "rolling-batches-hand-on" {
  on {
    push {
      branches = ["main"]
    }
  }

  environment "prod" {}

  stage "fleet" {
    environment = "prod"
    strategy "rolling" {
      batches      = 3
      max_parallel = 2
    }
    outputs = ["first", "last"]
    artifact "log" {
      paths = ["logs/"]
    }
    step "roll" {
      run = <<-EOT
        mkdir -p logs
        echo "batch ${deploy.batch}" > logs/batch-${deploy.batch}.txt
        if [ "${deploy.batch}" = 1 ]; then echo first=yes >> "$PIPEC_OUTPUT"; fi
        echo last=${deploy.batch} >> "$PIPEC_OUTPUT"
      EOT
    }
  }

  stage "report" {
    needs = ["fleet"]
    step "show" {
      run = "cat logs/*.txt; echo ${stage.fleet.outputs.first} ${stage.fleet.outputs.last}"
    }
  }
}
