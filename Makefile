# dqss — build, test, run and benchmark. Every target installs what is missing first.
SWIFT ?= swift
BIN := .build/release/dqss

.PHONY: all deps pydeps browser build man install uninstall test run bench results fuzz fuzz-cli clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product dqss

# The man page, made from the command's own help by swift-argument-parser's generate-manual plugin.
MANPAGE := .build/man/dqss.1
man: build
	$(SWIFT) package plugin generate-manual --date $$(date -u +%F) --authors 'the dqss authors'
	@mkdir -p $(dir $(MANPAGE))
	cp .build/plugins/GenerateManual/outputs/dqss/dqss.1 $(MANPAGE)

# `make install PREFIX=/usr/local` (and `make uninstall PREFIX=…`): the binary to PREFIX/bin, the
# shipped checkpoints, photos and demo recording to PREFIX/share/dqss, bash/zsh/fish completions
# and the man page to their usual places under PREFIX/share. DESTDIR stages a package.
PREFIX ?= /usr/local
install: build man
	scripts/install.sh $(PREFIX)

uninstall:
	scripts/install.sh --uninstall $(PREFIX)

# onnx, onnxruntime and numpy in .build/pip for the ONNX Runtime checks (skipped if PyPI is unreachable).
pydeps:
	@scripts/onnx/setup.sh

# Headless Chromium for the report's browser test (tests only: the CLI never needs it).
browser:
	@scripts/install-deps.sh chromium

# Suites that watch real processes against the clock (tmux-driven TUI runs, the child watchdog)
# run on their own after the rest: two cores busy with the numeric suites starved them past their waits.
TIMED_TESTS := EndToEnd|ChildWatchdog

# Numeric tests run in release mode: debug builds are too slow for the gradient checks.
test: deps pydeps browser
	$(SWIFT) build -c release --build-tests
	$(MAKE) man
	$(SWIFT) test -c release --skip-build --skip '$(TIMED_TESTS)'
	$(SWIFT) test -c release --skip-build --no-parallel --filter '$(TIMED_TESTS)'

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
