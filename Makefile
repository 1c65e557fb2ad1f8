# dqss — build, test, run and benchmark. Every target installs what is missing first.
SWIFT ?= swift
BIN := .build/release/dqss

.PHONY: all deps build test run bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product dqss

# Numeric tests run in release mode: debug builds are too slow for the gradient checks.
test: deps
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build

run: build
	$(BIN)

bench: build
	$(BIN) bench

clean:
	rm -rf .build
