# newsgraph: `make test` is the one test command (CI runs it through .ci/run).
GO ?= go

.PHONY: test test-go test-postgres vet generate-check web-check browser-test build run fmt-check

## test: everything CI checks
test: fmt-check vet generate-check test-go test-postgres web-check browser-test

build:
	$(GO) build -o newsgraph ./cmd/newsgraph

run:
	$(GO) run ./cmd/newsgraph serve --demo

fmt-check:
	@out="$$(gofmt -l $$(git ls-files '*.go' | grep -v '/generated/'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## generate-check: go generate must leave no diff (gqlgen output is committed)
generate-check:
	$(GO) generate ./...
	@git diff --exit-code -- resolvers schema || (echo "go generate changed files: run it and commit"; exit 1)

test-go:
	$(GO) test -count=1 ./...

## test-postgres: the store conformance suite on PostgreSQL (scripts/postgres.sh installs and starts a
## server; scripts/test-postgres.sh stops it afterwards, passing or failing, unless it was running before)
test-postgres:
	GO="$(GO)" bash scripts/test-postgres.sh

## web-check: the committed web bundles must equal a fresh build
web-check:
	bash scripts/check-web-assets.sh

## browser-test: the pages in headless Chromium against `newsgraph serve --demo` (the script stops the
## server it starts, passing or failing)
browser-test:
	bash scripts/browser-test.sh
