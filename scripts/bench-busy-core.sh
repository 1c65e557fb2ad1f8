#!/usr/bin/env bash
# The ResNet-20 float and search steps while another process keeps one core
# busy, with OpenMP's workers spinning (ACTIVE) and sleeping (PASSIVE, dqss's
# default): how the engine degrades on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/dqss
( while :; do :; done ) &
spinner=$!
trap 'kill $spinner 2>/dev/null || true' EXIT
for policy in ACTIVE PASSIVE; do
    echo "== one core busy, OMP_WAIT_POLICY=$policy"
    OMP_WAIT_POLICY=$policy "$bin" bench --only step --repetitions 5 | grep -E "step  |search step"
done
