# pipec's build and test entry points. The two a new machine needs:
#   make example   build bin/pipec and run it on the example spec
#   make test      the whole test suite (installs the conformance oracles first)

GO        ?= go
SHARED    ?= ../shared
ORACLES   := $(SHARED)/oracles
TESTFLAGS ?= -timeout 15m
EXAMPLE   := testdata/example-shop-api/pipeline.hcl

.PHONY: help build example test oracles golden vet bench bench-compare clean

help:
	@echo "make build     build bin/pipec"
	@echo "make example   build, then compile $(EXAMPLE) to stdout"
	@echo "make test      install the oracles (when $(ORACLES) exists), then go test ./..."
	@echo "make golden    rewrite testdata/*/want from the current compiler; review the diff"
	@echo "make vet       gofmt check and go vet"
	@echo "make bench     hot-path benchmarks, each against an in-run baseline"
	@echo "make bench-compare  pipec as a process against actionlint and cue export, and its growth"
	@echo "make clean     remove bin/"

# Without cgo the binary is static: pflag imports net, and a binary that links net with
# cgo pays the dynamic loader on every start (about 1 ms of a 10 ms run here).
build:
	CGO_ENABLED=0 $(GO) build -o bin/pipec ./cmd/pipec

example: build
	bin/pipec generate $(EXAMPLE) --stdout

# The conformance tests judge the golden outputs with the platforms' own tools from
# $(ORACLES). Under CI=true they must run; elsewhere they are skipped when the oracles
# are missing or cannot be installed, and this says so. The second run puts the tests of
# what runs on several goroutines (CUE's runtime, HCL chunks, a large spec's stages read
# and checked, back ends and actionlint, specs of ./..., file writes) under the race
# detector.
test: oracles
	@command -v pre-commit >/dev/null 2>&1 || \
		echo "NOTICE: pre-commit not found: the test of the pre-commit hooks will be skipped (Debian: apt-get install pre-commit)"
	$(GO) test $(TESTFLAGS) ./...
	$(GO) test -race -run 'Parallel|Chunked|WriteOutputs|ReportsBeforeWriting' ./internal/par ./lang/cue ./lang/hcl ./compile ./targets ./lint ./cmd/pipec

oracles:
	@ci=false; case "$${CI:-}" in 1|t|T|true|TRUE|True) ci=true ;; esac; \
	if [ -x "$(ORACLES)/install.sh" ]; then \
		"$(ORACLES)/install.sh" || { \
			if [ $$ci = true ]; then exit 1; fi; \
			echo "NOTICE: installing the oracles failed (see above): the conformance tests will be skipped"; }; \
	elif [ $$ci = true ]; then \
		echo "ERROR: CI=true but $(ORACLES) is missing: the conformance tests cannot run" >&2; exit 1; \
	else \
		echo "NOTICE: $(ORACLES) not found: the conformance tests (GitHub's parser, act) will be skipped"; \
	fi

golden:
	$(GO) test -run 'TestGolden' . -update
	$(GO) test -run 'TestRulesDoc' ./lint -update
	$(GO) test ./schema -update
	@git status --short -- testdata 2>/dev/null || true

vet:
	@unformatted="$$(gofmt -l .)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

# Compare each figure with BenchmarkBaselineYAMLRead from the same run, not across machines:
# benchratio prints the medians of BENCHCOUNT runs divided by the baseline's. About three
# minutes on two cores. docs/performance.md explains the figures.
BENCHCOUNT ?= 3
BENCHTIME  ?= 500ms
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) -benchtime $(BENCHTIME) -timeout 30m . | $(GO) run ./internal/cmd/benchratio

# Whole processes, one run: pipec generate and lint against actionlint, pipec on CUE
# against cue export, and pipec generate on 10 to 10,000 stages (wall, CPU, peak memory).
# Builds actionlint and cue at go.mod's versions into the user cache directory.
bench-compare:
	$(GO) run ./internal/cmd/benchcompare

clean:
	rm -rf bin
