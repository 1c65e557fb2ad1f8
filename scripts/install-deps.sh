#!/usr/bin/env bash
# Installs the Debian packages dqss needs, if any are missing.
# Usage: scripts/install-deps.sh [extra packages...]
set -euo pipefail
packages=(libopenblas-dev libdnnl-dev libncursesw5-dev dataset-fashion-mnist tmux libstb-dev zlib1g-dev "$@")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "dqss: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "dqss: missing Debian packages; run: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
