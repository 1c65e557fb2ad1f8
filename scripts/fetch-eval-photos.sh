#!/usr/bin/env bash
# Copies scikit-image's sample photographs into Assets/photos for
# super-resolution evaluation, and prints the licence notes scikit-image gives
# for each (docstrings in skimage/data/_fetchers.py; Assets/photos/LICENSE.md
# quotes them). Needs python3 with pip, and unzip; downloads one wheel.
#
# motorcycle_left/right (Middlebury 2014 stereo) are left out: scikit-image
# states no licence for them.
set -euo pipefail

VERSION=0.26.0
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/Assets/photos"
NAMES=(astronaut coffee chelsea rocket hubble_deep_field camera brick grass gravel)

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

python3 -m pip download --quiet --no-deps --only-binary=:all: "scikit-image==$VERSION" -d "$TMP"
WHEEL="$(ls "$TMP"/scikit_image-"$VERSION"-*.whl | head -n 1)"
unzip -q "$WHEEL" 'skimage/data/*' -d "$TMP/x"

mkdir -p "$DEST"
for name in "${NAMES[@]}"; do
    found=("$TMP/x/skimage/data/$name".*)
    if [[ ! -e "${found[0]}" ]]; then
        echo "error: $name is not in scikit-image $VERSION's skimage/data" >&2
        exit 1
    fi
    cp "${found[0]}" "$DEST/"
done

python3 - "$TMP/x/skimage/data/_fetchers.py" "${NAMES[@]}" <<'PY'
import ast, sys
tree = ast.parse(open(sys.argv[1]).read())
wanted = set(sys.argv[2:])
for node in tree.body:
    if isinstance(node, ast.FunctionDef) and node.name in wanted:
        doc = ast.get_docstring(node) or ""
        notes = [p for p in doc.split("\n\n") if any(k in p for k in ("CC0", "public domain", "copyright"))]
        print(f"{node.name}: " + " / ".join(" ".join(p.split()) for p in notes))
PY
du -ch "$DEST"/*.png "$DEST"/*.jpg | tail -n 1
