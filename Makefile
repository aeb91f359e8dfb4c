# coopgraph: the two commands a new user needs are `make demo` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin/coopgraph
# The source documents the dataset cites; quotes are checked against them.
SOURCES ?= ../shared/seeds
# The managed Neo4j the tests use: its own data folder and ports, so that
# tests never touch a user's graph (see internal/testneo4j).
TEST_DB_ENV := COOPGRAPH_DATA_DIR=$(CURDIR)/.cache/test-neo4j COOPGRAPH_BOLT_PORT=17687 COOPGRAPH_HTTP_PORT=17474 COOPGRAPH_PAGECACHE=512m

.PHONY: build demo test lint validate bench clean db-stop

build:
	$(GO) build -o $(BIN) ./cmd/coopgraph

# The main job: the managed local Neo4j (assembled from Maven Central on first
# use), the dataset validated against its sources and seeded.
demo: build
	./$(BIN) db start
	./$(BIN) validate --sources $(SOURCES)
	./$(BIN) seed --sources $(SOURCES)

validate: build
	./$(BIN) validate --sources $(SOURCES) --stats

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Everything CI runs. Starts the test Neo4j once up front (assembling it on a
# fresh machine), runs every test against it, and stops it even when tests fail.
test: build lint
	./$(BIN) validate --sources $(SOURCES)
	@trap '$(TEST_DB_ENV) ./$(BIN) db stop' EXIT; \
	$(TEST_DB_ENV) ./$(BIN) db start && \
	CI=$${CI:-} $(GO) test -count=1 -p 2 -timeout 25m ./...

db-stop: build
	$(TEST_DB_ENV) ./$(BIN) db stop
	./$(BIN) db stop

clean:
	rm -rf bin .cache

# Loader benchmark: coopgraph seed vs one statement per row vs LOAD CSV, side
# by side on the same synthetic graph and server (BENCH_NODES, BENCH_TIES to resize).
bench: build
	@set -o pipefail; trap '$(TEST_DB_ENV) ./$(BIN) db stop >/dev/null' EXIT; \
	$(TEST_DB_ENV) ./$(BIN) db start >/dev/null && \
	$(GO) test -run '^$$' -bench BenchmarkLoad -benchtime 1x -timeout 2h ./graph/store/ | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\)'

# Validation benchmark: MB/s of YAML, peak heap and RSS of reading and
# validating a synthetic dataset (BENCH_VALIDATE_NODES, BENCH_VALIDATE_TIES,
# BENCH_VALIDATE_PER_FILE, or BENCH_VALIDATE_DATA=DIR for an existing folder).
.PHONY: bench-validate
bench-validate:
	@set -o pipefail; $(GO) test -run '^$$' -bench BenchmarkValidate -benchtime 1x -timeout 30m ./seed/ | grep -v '^\(goos\|goarch\|pkg\|cpu\|PASS\|ok\)'
