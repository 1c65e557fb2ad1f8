# dqss — build, test, run and benchmark. Every target installs what is missing first.
SWIFT ?= swift
BIN := .build/release/dqss

.PHONY: all deps pydeps browser build test run bench results fuzz fuzz-cli clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product dqss

# onnx, onnxruntime and numpy in .build/pip for the ONNX Runtime checks (skipped if PyPI is unreachable).
pydeps:
	@scripts/onnx/setup.sh

# Headless Chromium for the report's browser test (tests only: the CLI never needs it).
browser:
	@scripts/install-deps.sh chromium

# Numeric tests run in release mode: debug builds are too slow for the gradient checks.
test: deps pydeps browser
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build

# The default job: W4A4 post-training search on the committed ResNet-20, in the TUI (headless without a terminal).
run: build
	$(BIN) search

# libFuzzer + AddressSanitizer on the safetensors, .npy, IDX, ONNX and snapshot decoders (Fuzz/),
# FUZZ_SECONDS each (default 300). `make test` replays the committed corpus and regressions.
fuzz: deps
	scripts/fuzz.sh

# Mutated files through the real command line, FUZZ_CASES per loader (default 2000): no trap, no hang.
FUZZ_CASES ?= 2000
fuzz-cli: build
	scripts/fuzz-cli.py --cases $(FUZZ_CASES)

bench: build
	$(BIN) bench
	scripts/bench-busy-core.sh
	scripts/bench-tui.sh

results: build
	$(BIN) results

clean:
	rm -rf .build
