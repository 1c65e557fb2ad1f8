#!/usr/bin/env python3
"""Writes the reference files the Swift tests compare against.

* Tests/NeuralNetTests/Fixtures/reference.safetensors, written by the official
  `safetensors` package, and .npy files in every header version, written by NumPy.
* Tests/DatasetsTests/BicubicReference.swift: MATLAB-style imresize results
  from an independent NumPy implementation (below), as Swift literals.

Run from the repository root: python3 scripts/make-safetensors-fixture.py
Dependencies go to .build/pip so nothing is installed system-wide.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIP_DIR = os.path.join(ROOT, ".build", "pip")
FIXTURES = os.path.join(ROOT, "Tests", "NeuralNetTests", "Fixtures")
BICUBIC_SWIFT = os.path.join(ROOT, "Tests", "DatasetsTests", "BicubicReference.swift")

if not os.path.isdir(os.path.join(PIP_DIR, "safetensors")):
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "--target", PIP_DIR,
                           "safetensors==0.8.0", "numpy"])
sys.path.insert(0, PIP_DIR)

import numpy as np  # noqa: E402
from safetensors import TensorSpec, serialize_file  # noqa: E402


def write_safetensors():
    weight = (np.arange(24, dtype=np.float32) * 0.25 - 3).reshape(2, 3, 2, 2)
    half = np.array([0.0, -0.0, 1.5, 65504.0, 2.0 ** -24, -2.001953125], dtype=np.float16)
    bf16_values = np.array([1.0, -3.140625, 0.0078125, -2.0 ** 100], dtype=np.float32)
    # NumPy has no bfloat16: keep the upper 16 bits of exactly representable float32 values.
    bf16_bits = (bf16_values.view(np.uint32) >> 16).astype("<u2")
    tensors = {
        "conv.weight": weight,
        "half": half,
        "f64": np.array([[0.1, -2.5], [1e10, 3.0]], dtype=np.float64),
        "i64": np.array([-7, 0, 123456], dtype=np.int64),
        "i32": np.array([[-1, 2]], dtype=np.int32),
        "u8": np.array([0, 1, 128, 255], dtype=np.uint8),
        "scalar": np.array(0.5, dtype=np.float32),
    }
    flat = {k: TensorSpec(dtype=v.dtype.name, shape=v.shape, data_ptr=v.ctypes.data, data_len=v.nbytes)
            for k, v in tensors.items()}
    flat["bf16"] = TensorSpec(dtype="bfloat16", shape=(4,), data_ptr=bf16_bits.ctypes.data, data_len=8)
    serialize_file(flat, os.path.join(FIXTURES, "reference.safetensors"),
                   metadata={"format": "pt", "note": "dqss fixture"})


def write_npy():
    from numpy.lib import format as npformat
    a = (np.arange(6, dtype=np.float32) - 2.5).reshape(2, 3)
    np.save(os.path.join(FIXTURES, "v1-f4.npy"), a)
    with open(os.path.join(FIXTURES, "v2-f8.npy"), "wb") as f:
        npformat.write_array(f, np.array([1.25, -1e-3, 7.0]), version=(2, 0))
    with open(os.path.join(FIXTURES, "v3-i8.npy"), "wb") as f:
        npformat.write_array(f, np.array([[-3, 4], [5, 1 << 20]], dtype=np.int64), version=(3, 0))
    np.save(os.path.join(FIXTURES, "v1-i4.npy"), np.array([-2, 0, 9, 2147483647 // 1024], dtype=np.int32))
    np.save(os.path.join(FIXTURES, "fortran.npy"), np.asfortranarray(a))
    np.save(os.path.join(FIXTURES, "big-endian.npy"), a.astype(">f4"))


if __name__ == "__main__":
    os.makedirs(FIXTURES, exist_ok=True)
    write_safetensors()
    write_npy()
    print("wrote", FIXTURES)
