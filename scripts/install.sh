#!/usr/bin/env bash
# Installs (or removes) a built dqss under a prefix: the binary, its shipped assets, shell
# completions and the man page. `make install` / `make uninstall` call it after building.
# Usage: scripts/install.sh [--uninstall] PREFIX
# Environment: BIN (default .build/release/dqss), MANPAGE (default .build/man/dqss.1), DESTDIR.
set -euo pipefail
uninstall=0
if [ "${1:-}" = "--uninstall" ]; then uninstall=1; shift; fi
# A relative PREFIX means one under the caller's folder, not the repository's.
prefix="$(realpath -m "${1:?usage: scripts/install.sh [--uninstall] PREFIX}")"
cd "$(dirname "$0")/.."
root="${DESTDIR:-}$prefix"
bin="${BIN:-.build/release/dqss}"
manpage="${MANPAGE:-.build/man/dqss.1}"

share="$root/share/dqss"
bash_completion="$root/share/bash-completion/completions/dqss"
zsh_completion="$root/share/zsh/site-functions/_dqss"
fish_completion="$root/share/fish/vendor_completions.d/dqss.fish"
man="$root/share/man/man1/dqss.1"

if [ "$uninstall" = 1 ]; then
    rm -f "$root/bin/dqss" "$bash_completion" "$zsh_completion" "$fish_completion" "$man"
    rm -rf "$share"
    echo "removed dqss from $root"
    exit 0
fi

[ -x "$bin" ] || { echo "no dqss binary at $bin: run make build first" >&2; exit 1; }
[ -f "$manpage" ] || { echo "no man page at $manpage: run make man first" >&2; exit 1; }
install -d "$root/bin" "$share/models" "$share/photos" "$(dirname "$bash_completion")" \
    "$(dirname "$zsh_completion")" "$(dirname "$fish_completion")" "$(dirname "$man")"
install -m 755 "$bin" "$root/bin/dqss"
install -m 644 Assets/models/*.safetensors Assets/models/*.md "$share/models/"
install -m 644 Assets/photos/* "$share/photos/"
install -m 644 Assets/demo-events.jsonl "$share/"
"$bin" --generate-completion-script bash > "$bash_completion"
"$bin" --generate-completion-script zsh > "$zsh_completion"
"$bin" --generate-completion-script fish > "$fish_completion"
install -m 644 "$manpage" "$man"
echo "installed dqss in $root (binary in bin/, assets in share/dqss/; remove with make uninstall PREFIX=$prefix)"
