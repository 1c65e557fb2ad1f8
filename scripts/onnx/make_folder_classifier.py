#!/usr/bin/env python3
"""A colour classifier and a labelled image folder for it, as a user brings them.

    make_folder_classifier.py OUT

Writes OUT/net.onnx (random weights, [N, 3, 32, 32] -> [N, 5], batch dynamic as
PyTorch exports it), OUT/images/<class>/<k>.png (8-bit RGB, 32x32, 5 classes),
and OUT/inputs.npy ([N, 3, 32, 32] = pixels / 255, the folder's files in name
order) with OUT/labels.npy, so ONNX Runtime can score exactly what dqss reads
with --preprocess none.
"""
import os
import struct
import sys
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
rng = np.random.default_rng(13)
classes, per_class, side = 5, 12, 32


def png_rgb(pixels):
    h, w, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def weight(name, *shape):
    fan_in = int(np.prod(shape[1:]))
    return numpy_helper.from_array((rng.standard_normal(shape) * np.sqrt(2 / fan_in)).astype(np.float32), name)


nodes = [
    helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", pads=[1, 1, 1, 1], strides=[2, 2], kernel_shape=[3, 3]),
    helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
    helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], name="conv2", pads=[1, 1, 1, 1], strides=[2, 2], kernel_shape=[3, 3]),
    helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
    helper.make_node("GlobalAveragePool", ["r2"], ["g"], name="pool"),
    helper.make_node("Flatten", ["g"], ["f"], name="flatten", axis=1),
    helper.make_node("Gemm", ["f", "w3", "b3"], ["y"], name="fc", transB=1),
]
inits = [weight("w1", 16, 3, 3, 3), numpy_helper.from_array(np.zeros(16, np.float32) + 0.05, "b1"),
         weight("w2", 32, 16, 3, 3), numpy_helper.from_array(np.zeros(32, np.float32), "b2"),
         weight("w3", classes, 32), numpy_helper.from_array(np.zeros(classes, np.float32), "b3")]
graph = helper.make_graph(nodes, "folder_classifier",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, side, side])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", classes])], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 7
onnx.checker.check_model(model)
os.makedirs(out, exist_ok=True)
onnx.save(model, os.path.join(out, "net.onnx"))

inputs, labels = [], []
for c in range(classes):
    folder = os.path.join(out, "images", str(c))
    os.makedirs(folder, exist_ok=True)
    for k in range(per_class):
        # Smooth colour fields with noise: varied enough that the classifier's answers differ.
        yy, xx = np.mgrid[0:side, 0:side] / side
        base = rng.uniform(0, 1, (3, 1, 1)) * np.stack([xx, yy, 1 - xx]) + rng.uniform(0, 0.5, (3, 1, 1))
        image = np.clip(base + rng.normal(0, 0.15, (3, side, side)), 0, 1)
        pixels = (image.transpose(1, 2, 0) * 255).round().astype(np.uint8)
        with open(os.path.join(folder, f"{k:02d}.png"), "wb") as f:
            f.write(png_rgb(pixels))
        inputs.append(pixels.transpose(2, 0, 1).astype(np.float32) / 255)
        labels.append(c)
np.save(os.path.join(out, "inputs.npy"), np.stack(inputs).astype(np.float32))
np.save(os.path.join(out, "labels.npy"), np.array(labels, dtype=np.int64))
