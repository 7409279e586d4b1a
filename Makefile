# The two commands of the README: `make demo` runs the store, `make test`
# runs every test. CI (.ci/run) calls `make test` with MySQL configured.

GO ?= go

.PHONY: demo test check bench build

demo:
	$(GO) run ./cmd/kriya demo

test: check
	$(GO) test -race -count=1 ./...

# Formatting and vet fail the build before any test runs.
check:
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...

# SQLite, and MySQL too when KRIYA_TEST_MYSQL_DSN is set; 100,000 products.
bench:
	$(GO) run ./bench

build:
	$(GO) build -o kriya ./cmd/kriya
