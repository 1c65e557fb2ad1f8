#!/usr/bin/env bash
# Search steps per second with the TUI drawing (in a tmux pane) against headless,
# measured back to back on the same model and settings. Target: TUI ≥ 97% of headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/dqss
steps=${STEPS:-150}
work=$(mktemp -d)
trap 'tmux -L dqss-bench kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
args=(search --steps "$steps" --no-guard --eval-limit 200 --calibration 512)

last_rate() {  # steps/s of the last step event in a JSON Lines recording
    grep '"step"' "$1" | tail -1 | sed -E 's/.*"stepsPerSecond":([0-9.eE+-]+).*/\1/'
}

"$bin" "${args[@]}" --headless --snapshot "$work/h.json" --events "$work/headless.jsonl" 2>/dev/null >/dev/null
tmux -L dqss-bench -f /dev/null new-session -d -s bench -x 160 -y 48 \
    "LANG=C.UTF-8 $bin ${args[*]} --snapshot $work/t.json --events $work/tui.jsonl; touch $work/done"
# The TUI stays up after the search ends; quit once the final snapshot is written.
until grep -q '"finished"' "$work/tui.jsonl" 2>/dev/null; do sleep 1; done
tmux -L dqss-bench send-keys -t bench q
until [ -e "$work/done" ]; do sleep 0.5; done
h=$(last_rate "$work/headless.jsonl"); t=$(last_rate "$work/tui.jsonl")
python3 -c "h=$h; t=$t; print(f'search steps/s over {$steps} steps: headless {h:.2f}, with the TUI {t:.2f} ({100*t/h:.1f}% of headless; target ≥ 97%)')"
