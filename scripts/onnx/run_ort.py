#!/usr/bin/env python3
"""Runs an ONNX model in ONNX Runtime on a raw float32 input.

Usage: run_ort.py MODEL.onnx INPUT.f32 N,C,H,W OUTPUT.npy
       run_ort.py --every-node MODEL.onnx INPUT.f32 N,C,H,W OUTPUT_DIR
(the raw little-endian input avoids needing an .npy writer on the Swift side).
With --every-node, every node's first float output is written as
OUTPUT_DIR/<index>.npy, and OUTPUT_DIR/names.txt lists the tensor names in
index order: a test can then compare a model layer by layer.
"""
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort

every_node = sys.argv[1] == "--every-node"
args = sys.argv[2:6] if every_node else sys.argv[1:5]
model_path, input_path, shape, output_path = args
model = onnx.load(model_path)
onnx.checker.check_model(model)
x = np.fromfile(input_path, dtype="<f4").reshape([int(s) for s in shape.split(",")])
if every_node:
    known = {o.name for o in model.graph.output}
    names = [n.output[0] for n in model.graph.node if n.output and n.output[0] not in known]
    for name in names:
        model.graph.output.append(onnx.helper.make_empty_tensor_value_info(name))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    outputs = [o.name for o in session.get_outputs()]
    values = session.run(None, {session.get_inputs()[0].name: x})
    os.makedirs(output_path, exist_ok=True)
    written = []
    for name, value in zip(outputs, values):
        if value.dtype == np.float32:
            np.save(os.path.join(output_path, f"{len(written)}.npy"), value)
            written.append(name)
    with open(os.path.join(output_path, "names.txt"), "w") as f:
        f.write("\n".join(written) + "\n")
    sys.exit(0)
session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
name = session.get_inputs()[0].name
# Chunks of 1,000 keep memory flat for whole test splits.
y = np.concatenate([session.run(None, {name: x[i:i + 1000]})[0] for i in range(0, len(x), 1000)])
np.save(output_path, y.astype(np.float32))
