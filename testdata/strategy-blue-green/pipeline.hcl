# A blue/green deploy: the steps deploy to the idle slot (deploy.slot is "green") and
# verify it; a second job runs the switch steps; the rollback job switches back ("blue").
pipeline "strategy-blue-green" {
  on {
    push {
      branches = ["main"]
    }
  }

  identity "azure" {
    service_connection = "app-production"
    azure {
      client_id       = "11111111-2222-3333-4444-555555555555"
      tenant_id       = "66666666-7777-8888-9999-000000000000"
      subscription_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    }
  }

  environment "production" {
    url      = "https://app.example.com"
    approval = true
    branches = ["main"]
  }

  stage "build" {
    step "image" {
      run = "docker build -t app:${ci.commit_sha} ."
    }
  }

  stage "deploy" {
    needs       = ["build"]
    environment = "production"
    identity    = "azure"
    strategy "blue_green" {}
    step "deploy-slot" {
      run = "az webapp deploy --slot ${deploy.slot} --name app --src-url \"${deploy.url}/pkg/${ci.commit_sha}.zip\""
    }
    verify {
      step "warmup" {
        run = "curl -sSf \"https://app-${deploy.slot}.example.com/healthz\""
      }
    }
    switch {
      step "swap" {
        run = "az webapp deployment slot swap --name app --slot ${deploy.slot} --target-slot production"
      }
    }
    rollback {
      step "swap-back" {
        run = "az webapp deployment slot swap --name app --slot green --target-slot production # now ${deploy.slot}"
      }
    }
  }
}
