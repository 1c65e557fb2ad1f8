#!/usr/bin/env bash
# Quantization-aware search against uniform QAT baselines trained for the same
# steps; prints a Markdown section (append it to RESULTS.md).
# Usage: scripts/qat-results.sh [bits] [warmup] [search] [finetune] [eval-limit]
# (DQSS_BIN overrides the binary, e.g. a copy that a rebuild will not replace mid-run.)
set -euo pipefail
cd "$(dirname "$0")/.."
bits=${1:-w4a4}; warmup=${2:-100}; search=${3:-300}; finetune=${4:-200}; limit=${5:-2000}
bin=${DQSS_BIN:-.build/release/dqss}
out=runs/qat-$bits
mkdir -p "$out"
common=(search --headless --mode qat --bits "$bits" --warmup-steps "$warmup" --steps "$search"
        --fine-tune-steps "$finetune" --eval-limit "$limit")
# REUSE=1 prints the table from the snapshots of an earlier run of the same settings.
if [ "${REUSE:-0}" != 1 ]; then
    "$bin" "${common[@]}" --snapshot "$out/search.json" >/dev/null 2>&1
    "$bin" "${common[@]}" --qat-weights lsq,pact --qat-activations lsq,pact --snapshot "$out/search-lsq-pact.json" >/dev/null 2>&1
    for m in lsq pact dorefa; do
        "$bin" "${common[@]}" --uniform "$m" --snapshot "$out/$m.json" >/dev/null 2>&1
    done
fi
python3 - "$out" "$bits" "$warmup" "$search" "$finetune" "$limit" <<'PY'
import json, sys
out, bits, warmup, search, finetune, limit = sys.argv[1:]
def ev(name):
    return {e["label"]: e["value"] for e in json.load(open(f"{out}/{name}.json"))["evaluations"]}
def stages(e):
    """(argmax before fine-tuning, pick, pick before, pick after) of a search's evaluations."""
    before = next(l for l in e if l.startswith("final (") and l.endswith(", before fine-tuning"))
    after = next(l for l in e if l.startswith("final (") and l.endswith(", after fine-tuning"))
    pick = before[len("final ("):before.index("), before")]
    return e.get("derived (argmax), before fine-tuning", e[before]), pick, e[before], e[after]
s = ev("search")
total = int(warmup) + int(search) + int(finetune)
print(f"\n### Quantization-aware search, {bits.upper()} (ResNet-20)\n")
print(f"`scripts/qat-results.sh {bits} {warmup} {search} {finetune} {limit}`: {total} SGD steps of batch 64 on the "
      f"training split for every row (search: {warmup} warm-up, {search} search, {finetune} fine-tuning steps; "
      f"baselines: the same {total} steps on one method); top-1 on the first {limit} test images. "
      f"At the end of the search the guard compares the argmax strategy with every uniform pair on the "
      f"distillation objective (512 calibration images, weights as the search left them) and fine-tunes the better.\n")
print("| run | argmax, before fine-tuning | kept by the guard | before fine-tuning | after fine-tuning |")
print("|---|---:|---|---:|---:|")
print(f"| FP | | | | {s['fp']:.2f} |")
for name, title in [("search", "DQSS QAT search over lsq, pact, dorefa"), ("search-lsq-pact", "DQSS QAT search over lsq, pact")]:
    argmax, pick, before, after = stages(ev(name))
    print(f"| {title} | {argmax:.2f} | {pick} | {before:.2f} | {after:.2f} |")
for m in ["lsq", "pact", "dorefa"]:
    e = ev(m)
    print(f"| uniform {m} | | | | {e[f'uniform {m}/{m}']:.2f} |")
PY
