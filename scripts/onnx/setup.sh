#!/usr/bin/env bash
# Installs onnx, onnxruntime, numpy and pillow into .build/pip (once) for the
# ONNX fixture generator, runtime checks and the preprocessing reference. Tests use PYTHONPATH=.build/pip.
# Failure (no network) is not fatal: the tests that need ONNX Runtime skip
# with a message instead.
set -uo pipefail
cd "$(dirname "$0")/../.."
target=.build/pip
if PYTHONPATH=$target python3 -c "import onnx, onnxruntime, numpy, PIL" 2>/dev/null; then
    exit 0
fi
echo "dqss: installing onnx, onnxruntime, numpy, pillow into $target" >&2
mkdir -p "$target"
if ! python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$target" onnx==1.23.2 onnxruntime==1.32.0 numpy==2.4.6 pillow==13.0.0 >&2; then
    echo "dqss: pip install failed; ONNX Runtime checks will be skipped" >&2
fi
exit 0
