# coopgraph: the two commands a new user needs are `make demo` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin/coopgraph
# The source documents the dataset cites; quotes are checked against them.
SOURCES ?= ../shared/seeds
# The managed Neo4j the tests use: its own data folder and ports, so that
# tests never touch a user's graph. internal/testneo4j declares them (ports
# 17687/17474 unless COOPGRAPH_TEST_BOLT_PORT/COOPGRAPH_TEST_HTTP_PORT say
# otherwise); TEST_DB runs a command with them.
TEST_DB := $(GO) run ./internal/testneo4j/cmd/testenv
# staticcheck, pinned; installed into bin/ on first use.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := bin/staticcheck-$(STATICCHECK_VERSION)

.PHONY: build demo test lint staticcheck validate bench bench-reports clean db-stop chromium bench-analytics networkx bench-export

build:
	$(GO) build -o $(BIN) ./cmd/coopgraph

# The main job: the managed local Neo4j (assembled from Maven Central on first
# use), the dataset validated against its sources and seeded, every report as
# a brief with pictures, centrality exports (see `coopgraph demo --help`).
demo: build chromium
	./$(BIN) demo --sources $(SOURCES)

validate: build
	./$(BIN) validate --sources $(SOURCES) --stats

lint: $(STATICCHECK)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	./$(STATICCHECK) ./...

staticcheck: $(STATICCHECK)
	./$(STATICCHECK) ./...

$(STATICCHECK):
	GOBIN=$(CURDIR)/bin/.staticcheck $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/.staticcheck/staticcheck $@ && rmdir bin/.staticcheck

# networkx (with numpy and scipy for PageRank) is the independent reference
# the analytics tests and benchmark compare both engines with.
networkx:
	@python3 -c 'import networkx, numpy, scipy' 2>/dev/null || python3 -m pip install -q networkx==3.6.1 numpy scipy || python3 -m pip install -q --break-system-packages networkx==3.6.1 numpy scipy

# Everything CI runs. Starts the test Neo4j once up front (assembling it on a
# fresh machine), runs every test against it, and stops it even when tests fail.
test: build lint chromium networkx
	./$(BIN) validate --sources $(SOURCES)
	@trap '$(TEST_DB) ./$(BIN) db stop' EXIT; \
	$(TEST_DB) ./$(BIN) db start && \
	CI=$${CI:-} $(GO) test -count=1 -p 2 -timeout 25m ./...

# The Browser end-to-end test drives Debian's Chromium headless.
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q 'Noto Sans CJK'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Chromium and CJK fonts for the Browser test and the PNG pictures (apt-get install chromium fonts-noto-cjk)"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	  else \
	    echo "the Browser test and PNG pictures need Chromium and CJK fonts: run  sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk"; exit 1; \
	  fi; \
	fi

db-stop: build
	$(TEST_DB) ./$(BIN) db stop
	./$(BIN) db stop

clean:
	rm -rf bin .cache

# Loader benchmark: coopgraph seed vs one statement per row vs LOAD CSV, side
# by side on the same synthetic graph and server (BENCH_NODES, BENCH_TIES to resize).
bench: build
	@set -o pipefail; trap '$(TEST_DB) ./$(BIN) db stop >/dev/null' EXIT; \
	$(TEST_DB) ./$(BIN) db start >/dev/null && \
	$(GO) test -run '^$$' -bench BenchmarkLoad -benchtime 1x -timeout 2h ./graph/store/ | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\)'

# Report benchmark: p50/p95 of every report with its defaults on the seeded
# dataset, through the CLI's code path and the driver alone, with PROFILE db
# hits. BENCH_SYNTH=1 adds the 100k-node / 1M-tie synthetic graph (minutes);
# BENCH_REPORT_RUNS sets the runs a report.
bench-reports: build
	@set -o pipefail; trap '$(TEST_DB) ./$(BIN) db stop >/dev/null' EXIT; \
	$(TEST_DB) ./$(BIN) db start >/dev/null && \
	$(GO) test -run '^$$' -bench BenchmarkReports -benchtime 1x -timeout 2h ./queries/run/ | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\)'

# Analytics benchmark: PageRank, betweenness and Louvain in process, in GDS
# and in networkx side by side, on the seeded graph and, with
# BENCH_ANALYTICS_SYNTH=1, on a synthetic graph of BENCH_NODES nodes and
# BENCH_TIES ties (default 100000 / 1000000; takes several minutes). The test
# server restarts with BENCH_HEAP so that GDS's own estimates fit.
BENCH_HEAP ?= 4g
bench-analytics: build networkx
	@set -o pipefail; trap '$(TEST_DB) ./$(BIN) db stop >/dev/null' EXIT; \
	$(TEST_DB) ./$(BIN) db stop >/dev/null; \
	COOPGRAPH_HEAP=$(BENCH_HEAP) $(TEST_DB) ./$(BIN) db start >/dev/null && \
	$(GO) test -run '^$$' -bench BenchmarkAnalytics -benchtime 1x -timeout 3h ./graph/analytics/gds/ | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\|Benchmark\)'

# Export benchmark: every format written into a folder holding a previous
# export, at the curated dataset's size and at 100k nodes / 1M edges.
bench-export:
	@set -o pipefail; $(GO) test -run '^$$' -bench BenchmarkWriteAll -benchtime 1x -benchmem -timeout 1h ./graph/export/ | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\)'

# Validation benchmark: MB/s of YAML, peak heap and RSS of reading and
# validating a synthetic dataset (BENCH_VALIDATE_NODES, BENCH_VALIDATE_TIES,
# BENCH_VALIDATE_PER_FILE, or BENCH_VALIDATE_DATA=DIR for an existing folder).
.PHONY: bench-validate
bench-validate:
	@set -o pipefail; $(GO) test -run '^$$' -bench BenchmarkValidate -benchtime 1x -timeout 30m ./seed/ | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\)'
