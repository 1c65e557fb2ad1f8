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


def imresize_matrix(n_in, scale):
    """Dense (n_out x n_in) matrix of MATLAB imresize's bicubic along one axis.

    Written from MATLAB's documented behaviour, independently of the Swift code:
    every integer sample position is weighted (the kernel is zero outside its
    support), positions outside 1..n_in are mirrored (symmetric padding), and
    each row is normalised to sum 1.
    """
    def cubic(x):
        a = np.abs(x)
        return np.where(a <= 1, 1.5 * a**3 - 2.5 * a**2 + 1,
                        np.where(a <= 2, -0.5 * a**3 + 2.5 * a**2 - 4 * a + 2, 0.0))
    n_out = int(np.ceil(n_in * scale))
    m = np.zeros((n_out, n_in))
    positions = np.arange(-4 * n_in, 5 * n_in)  # 1-based sample positions, far beyond any support
    for i in range(n_out):
        u = (i + 1) / scale + 0.5 * (1 - 1 / scale)
        if scale < 1:
            w = scale * cubic(scale * (u - positions))
        else:
            w = cubic(u - positions)
        w = w / w.sum()
        for pos, weight in zip(positions, w):
            if weight == 0:
                continue
            j = pos - 1
            while j < 0 or j >= n_in:  # mirror: -1 -> 0, n -> n-1
                j = -j - 1 if j < 0 else 2 * n_in - 1 - j
            m[i, j] += weight
    return m


def imresize(plane, scale):
    rows = imresize_matrix(plane.shape[0], scale)
    cols = imresize_matrix(plane.shape[1], scale)
    return rows @ plane @ cols.T


def ssim(a, b):
    """Wang et al.: 11x11 Gaussian (sigma 1.5) window, valid region, K1 0.01, K2 0.03, range 1."""
    g = np.exp(-((np.arange(11) - 5) ** 2) / (2 * 1.5**2))
    window = np.outer(g, g) / np.outer(g, g).sum()

    def filt(x):
        h, w = x.shape
        out = np.zeros((h - 10, w - 10))
        for i in range(h - 10):
            for j in range(w - 10):
                out[i, j] = (x[i:i + 11, j:j + 11] * window).sum()
        return out
    mu_a, mu_b = filt(a), filt(b)
    var_a = filt(a * a) - mu_a**2
    var_b = filt(b * b) - mu_b**2
    cov = filt(a * b) - mu_a * mu_b
    c1, c2 = 0.01**2, 0.03**2
    m = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
    return m.mean()


def write_bicubic_reference():
    rng = np.random.default_rng(20240607)
    # Float32-representable inputs so both sides start from identical values.
    plane = rng.random((10, 12)).astype(np.float32).astype(np.float64)
    small = plane[:4, :5]
    cases = [("down2", plane, 0.5), ("down3", plane, 1 / 3), ("down4", plane, 0.25),
             ("up2", small, 2.0), ("up3", small, 3.0)]
    big_a = rng.random((20, 24)).astype(np.float32).astype(np.float64)
    big_b = np.clip(big_a * 0.8 + 0.1 + rng.normal(0, 0.03, big_a.shape), 0, 1).astype(np.float32).astype(np.float64)

    def literal(a):
        return "[" + ", ".join(repr(float(v)) for v in np.asarray(a).ravel()) + "]"
    lines = [
        "// Generated by scripts/make-safetensors-fixture.py from an independent NumPy",
        "// implementation of MATLAB imresize (bicubic) and SSIM. Do not edit.",
        "",
        "enum BicubicReference {",
        "    struct Case {",
        "        let name: String",
        "        let input: [Double]",
        "        let width: Int",
        "        let height: Int",
        "        let scale: Double",
        "        let output: [Double]",
        "        let outWidth: Int",
        "        let outHeight: Int",
        "    }",
        "",
        "    static let cases: [Case] = [",
    ]
    for name, src, scale in cases:
        out = imresize(src, scale)
        lines.append(f"        Case(name: \"{name}\", input: {literal(src)}, width: {src.shape[1]}, height: {src.shape[0]},")
        lines.append(f"             scale: {repr(scale)}, output: {literal(out)}, outWidth: {out.shape[1]}, outHeight: {out.shape[0]}),")
    lines += [
        "    ]",
        "",
        f"    static let ssimA: [Double] = {literal(big_a)}",
        f"    static let ssimB: [Double] = {literal(big_b)}",
        f"    static let ssimWidth = {big_a.shape[1]}",
        f"    static let ssimHeight = {big_a.shape[0]}",
        f"    static let ssim = {repr(float(ssim(big_a, big_b)))}",
        "}",
        "",
    ]
    with open(BICUBIC_SWIFT, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    os.makedirs(FIXTURES, exist_ok=True)
    write_safetensors()
    write_npy()
    write_bicubic_reference()
    print("wrote", FIXTURES, "and", BICUBIC_SWIFT)
