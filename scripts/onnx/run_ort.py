#!/usr/bin/env python3
"""Runs an ONNX model in ONNX Runtime on a raw float32 input.

Usage: run_ort.py MODEL.onnx INPUT.f32 N,C,H,W OUTPUT.npy
(the raw little-endian input avoids needing an .npy writer on the Swift side).
"""
import sys

import numpy as np
import onnx
import onnxruntime as ort

model_path, input_path, shape, output_path = sys.argv[1:5]
onnx.checker.check_model(onnx.load(model_path))
x = np.fromfile(input_path, dtype="<f4").reshape([int(s) for s in shape.split(",")])
session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
name = session.get_inputs()[0].name
# Chunks of 1,000 keep memory flat for whole test splits.
y = np.concatenate([session.run(None, {name: x[i:i + 1000]})[0] for i in range(0, len(x), 1000)])
np.save(output_path, y.astype(np.float32))
