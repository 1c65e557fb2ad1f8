#!/usr/bin/env bash
# Regenerates Assets/demo-events.jsonl from a real run: the `make run` search
# (W4A4 post-training search of the committed ResNet-20), headless, every event recorded.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dqss
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The default snapshot path, so the recording names the files `make run` writes.
.build/release/dqss search --headless --events "$out/events.jsonl" "$@" >/dev/null
mv "$out/events.jsonl" Assets/demo-events.jsonl
ls -l Assets/demo-events.jsonl
