#!/usr/bin/env python3
"""Writes a dqss checkpoint (safetensors) as an ONNX model the way a PyTorch
export of the same network would look: Conv + BatchNormalization + Relu/Clip,
Sub/Add for the RGB mean of the SR models, DepthToSpace (CRD) for pixel
shuffle, GlobalAveragePool + Flatten + Gemm for the classifier head.

The networks are described here from their papers' layouts, independently of
dqss's Swift model code (only the checkpoint's tensor names are shared), so an
import of this file that matches ONNX Runtime checks the importer and the
models against an outside description.

Usage: checkpoint_to_onnx.py MODEL CHECKPOINT.safetensors OUT.onnx [H W]
MODEL: resnet20, mobilenetv2, edsr-x2, edsr-x4, srresnet-x4. H W: the input
size (28 28 for the classifiers; the LR size for SR, default 32 32).
"""
import json
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RGB_MEAN = np.array([0.4488, 0.4371, 0.4040], np.float32).reshape(1, 3, 1, 1)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", f"{name}: {info['dtype']}"
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(body[start:end], dtype="<f4").reshape(info["shape"]).copy()
    return tensors


class Net:
    def __init__(self, params):
        self.p, self.nodes, self.inits, self.used = params, [], [], set()

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array, np.float32), name))
        return name

    def param(self, key):
        self.used.add(key)
        return self.const(key, self.p[key])

    def op(self, op_type, inputs, name, **attrs):
        out = f"/{name.replace('.', '/')}/{op_type}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out

    def conv(self, x, name, bias=None, stride=1, groups=1):
        w = self.p[f"{name}.weight"]
        k = w.shape[2]
        inputs = [x, self.param(f"{name}.weight")]
        has_bias = f"{name}.bias" in self.p if bias is None else bias
        if has_bias:
            inputs.append(self.param(f"{name}.bias"))
        return self.op("Conv", inputs, name, kernel_shape=[k, k], strides=[stride, stride],
                       pads=[k // 2] * 4, group=groups)

    def bn(self, x, name):
        inputs = [x] + [self.param(f"{name}.{k}") for k in ("weight", "bias", "running_mean", "running_var")]
        return self.op("BatchNormalization", inputs, name, epsilon=1e-5)

    def prelu(self, x, name):
        slope = self.p[f"{name}.weight"]
        self.used.add(f"{name}.weight")
        return self.op("PRelu", [x, self.const(f"{name}.weight", slope.reshape(-1, 1, 1))], name)

    def relu6(self, x, name):
        return self.op("Clip", [x, self.const(f"{name}.min", np.float32(0)), self.const(f"{name}.max", np.float32(6))], name)

    def classifier_head(self, x):
        x = self.op("GlobalAveragePool", [x], "pool")
        x = self.op("Flatten", [x], "flatten", axis=1)
        return self.op("Gemm", [x, self.param("fc.weight"), self.param("fc.bias")], "fc", transB=1)


def resnet20(n):
    x = n.op("Relu", [n.bn(n.conv("x", "stem.conv"), "stem.bn")], "stem.relu")
    channels = 16
    for stage, width in enumerate([16, 32, 64]):
        for block in range(3):
            stride = 2 if stage > 0 and block == 0 else 1
            pre = f"stage{stage + 1}.block{block}"
            h = n.op("Relu", [n.bn(n.conv(x, f"{pre}.conv1", stride=stride), f"{pre}.bn1")], f"{pre}.relu1")
            h = n.bn(n.conv(h, f"{pre}.conv2"), f"{pre}.bn2")
            shortcut = x
            if stride != 1 or channels != width:
                shortcut = n.bn(n.conv(x, f"{pre}.shortcut.conv", stride=stride), f"{pre}.shortcut.bn")
            x = n.op("Relu", [n.op("Add", [h, shortcut], f"{pre}.add")], f"{pre}.relu2")
            channels = width
    return n.classifier_head(x)


def mobilenetv2(n):
    x = n.relu6(n.bn(n.conv("x", "stem.conv"), "stem.bn"), "stem.relu")
    channels = 16
    # (expansion, width, blocks, stride): the paper's first rows, strides for 28x28 inputs.
    for s, (t, width, blocks, stride0) in enumerate([(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 2, 2), (6, 64, 2, 1)]):
        for block in range(blocks):
            stride = stride0 if block == 0 else 1
            pre = f"stage{s + 1}.block{block}"
            h = x
            if t != 1:
                h = n.relu6(n.bn(n.conv(h, f"{pre}.expand.conv"), f"{pre}.expand.bn"), f"{pre}.expand.relu")
            hidden = channels * t
            h = n.relu6(n.bn(n.conv(h, f"{pre}.dw.conv", stride=stride, groups=hidden), f"{pre}.dw.bn"), f"{pre}.dw.relu")
            h = n.bn(n.conv(h, f"{pre}.project.conv"), f"{pre}.project.bn")
            x = n.op("Add", [h, x], f"{pre}.add") if stride == 1 and channels == width else h
            channels = width
    x = n.relu6(n.bn(n.conv(x, "head.conv"), "head.bn"), "head.relu")
    return n.classifier_head(x)


def sr_upsampler(n, x, scale, prelu):
    for k in range(2 if scale == 4 else 1):
        x = n.op("DepthToSpace", [n.conv(x, f"upsample.conv{k}")], f"upsample.shuffle{k}", blocksize=2, mode="CRD")
        if prelu:
            x = n.prelu(x, f"upsample.prelu{k}")
    return x


def edsr(n, scale):
    x = n.op("Sub", ["x", n.const("rgb_mean", RGB_MEAN)], "sub_mean")
    head = x = n.conv(x, "head.conv")
    blocks = len({k.split(".")[1] for k in n.p if k.startswith("body.block")})
    for i in range(blocks):
        pre = f"body.block{i}"
        h = n.conv(n.op("Relu", [n.conv(x, f"{pre}.conv1")], f"{pre}.relu"), f"{pre}.conv2")
        x = n.op("Add", [h, x], f"{pre}.add")
    x = n.op("Add", [n.conv(x, "body.conv"), head], "body.add")
    x = n.conv(sr_upsampler(n, x, scale, prelu=False), "tail.conv")
    return n.op("Add", [x, "rgb_mean"], "add_mean")


def srresnet(n, scale):
    x = n.op("Sub", ["x", n.const("rgb_mean", RGB_MEAN)], "sub_mean")
    head = x = n.prelu(n.conv(x, "head.conv"), "head.prelu")
    blocks = len({k.split(".")[1] for k in n.p if k.startswith("body.block")})
    for i in range(blocks):
        pre = f"body.block{i}"
        h = n.prelu(n.bn(n.conv(x, f"{pre}.conv1"), f"{pre}.bn1"), f"{pre}.prelu")
        h = n.bn(n.conv(h, f"{pre}.conv2"), f"{pre}.bn2")
        x = n.op("Add", [h, x], f"{pre}.add")
    x = n.op("Add", [n.bn(n.conv(x, "body.conv"), "body.bn"), head], "body.add")
    x = n.conv(sr_upsampler(n, x, scale, prelu=True), "tail.conv")
    return n.op("Add", [x, "rgb_mean"], "add_mean")


def main():
    model, checkpoint, out_path = sys.argv[1:4]
    params = read_safetensors(checkpoint)
    n = Net(params)
    if model == "resnet20":
        out, shape = resnet20(n), [1, 28, 28]
    elif model == "mobilenetv2":
        out, shape = mobilenetv2(n), [1, 28, 28]
    elif model.startswith("edsr-x") or model.startswith("srresnet-x"):
        scale = int(model.split("-x")[1])
        build = edsr if model.startswith("edsr") else srresnet
        out = build(n, scale)
        shape = [3] + ([int(sys.argv[4]), int(sys.argv[5])] if len(sys.argv) > 5 else [32, 32])
    else:
        sys.exit(f"unknown model {model}")
    unused = sorted(set(params) - n.used)
    if unused:
        sys.exit(f"checkpoint tensors not used by the {model} layout: {unused[:5]}")
    graph = helper.make_graph(n.nodes, model,
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N"] + shape)],
                              [helper.make_tensor_value_info(out, TensorProto.FLOAT, None)], n.inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="checkpoint_to_onnx")
    m.ir_version = 7
    m = onnx.shape_inference.infer_shapes(m)
    del m.graph.value_info[:]
    onnx.checker.check_model(m)
    onnx.save(m, out_path)


if __name__ == "__main__":
    main()
