#!/usr/bin/env bash
# Regenerates Assets/demo-events.jsonl from the seeded synthesiser in
# Tests/TerminalUITests/Support/DemoEventSynthesizer.swift.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --build-tests
DQSS_WRITE_DEMO_EVENTS=1 swift test -c release --skip-build --filter DemoRecordingTests/writeDemoRecording
ls -l Assets/demo-events.jsonl
