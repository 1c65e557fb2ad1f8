#!/usr/bin/env python3
"""Writes ONNX models of the CNN families people export, in the node patterns
their exporters write (torch.onnx for torchvision and timm, paddle2onnx), with
random weights, runs each in ONNX Runtime and saves NAME.onnx,
NAME.input.npy and NAME.output.npy, plus NAME.json (expected quantizable
layer count and the input size for dynamic-size models).

Usage: make_architecture_fixtures.py OUT_DIR [--size S]   (default S = 64;
224 is the real size, for benchmarks)."""
import argparse
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

parser = argparse.ArgumentParser()
parser.add_argument("out_dir")
parser.add_argument("--size", type=int, default=64)
parser.add_argument("--only", default="")
args = parser.parse_args()
os.makedirs(args.out_dir, exist_ok=True)
rng = np.random.default_rng(2026)


class Net:
    """A graph under construction; layer helpers return output names."""

    def __init__(self, name, opset=17):
        self.name, self.opset = name, opset
        self.nodes, self.inits, self.count, self.layers = [], [], 0, 0

    def const(self, base, array):
        self.count += 1
        name = f"{base}_{self.count}"
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, outputs=1, **attrs):
        self.count += 1
        outs = [f"/{op_type}_{self.count}_output_{i}" for i in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=f"/{op_type}_{self.count}", **attrs))
        return outs[0] if outputs == 1 else outs

    def conv(self, x, cin, cout, k, stride=1, groups=1, pad=None, bias=True):
        """He-initialised so random activations keep their scale through depth."""
        self.layers += 1
        w = (rng.standard_normal((cout, cin // groups, k, k)) * np.sqrt(2.0 / (cin // groups * k * k))).astype(np.float32)
        inputs = [x, self.const("conv.weight", w)]
        if bias:
            inputs.append(self.const("conv.bias", (rng.standard_normal(cout) * 0.1).astype(np.float32)))
        p = k // 2 if pad is None else pad
        return self.op("Conv", inputs, kernel_shape=[k, k], strides=[stride, stride], pads=[p, p, p, p],
                       group=groups, dilations=[1, 1])

    def bn(self, x, c):
        """An un-folded BatchNormalization (torch.onnx with training=PRESERVE, paddle2onnx)."""
        return self.op("BatchNormalization", [
            x, self.const("bn.weight", (1 + 0.1 * rng.standard_normal(c)).astype(np.float32)),
            self.const("bn.bias", (0.1 * rng.standard_normal(c)).astype(np.float32)),
            self.const("bn.mean", (0.1 * rng.standard_normal(c)).astype(np.float32)),
            self.const("bn.var", (0.5 + rng.random(c)).astype(np.float32))], epsilon=1e-5)

    def gemm(self, x, fin, fout):
        self.layers += 1
        w = (rng.standard_normal((fout, fin)) / np.sqrt(fin)).astype(np.float32)
        return self.op("Gemm", [x, self.const("fc.weight", w), self.const("fc.bias", (0.1 * rng.standard_normal(fout)).astype(np.float32))],
                       alpha=1.0, beta=1.0, transB=1)

    def relu(self, x):
        return self.op("Relu", [x])

    def clip(self, x, lo, hi):
        return self.op("Clip", [x, self.const("clip.min", np.array(lo, np.float32)), self.const("clip.max", np.array(hi, np.float32))])

    def silu(self, x):
        return self.op("Mul", [x, self.op("Sigmoid", [x])])

    def flatten_dynamic(self, x):
        """torch's x.view(x.size(0), -1): Shape → Gather → Unsqueeze → Concat → Reshape."""
        shape = self.op("Shape", [x])
        batch = self.op("Gather", [shape, self.const("index", np.array(0, np.int64))], axis=0)
        batch = self.op("Unsqueeze", [batch, self.const("axes", np.array([0], np.int64))])
        target = self.op("Concat", [batch, self.const("minus_one", np.array([-1], np.int64))], axis=0)
        return self.op("Reshape", [x, target])

    def save(self, out, size, classes, input_shape=None, dynamic_hw=False, extra=None, channels_last=False):
        c = 3
        h, w = ("height", "width") if dynamic_hw else (size, size)
        dims = ["batch_size", h, w, c] if channels_last else ["batch_size", c, h, w]
        graph = helper.make_graph(self.nodes, self.name,
                                  [helper.make_tensor_value_info("input", TensorProto.FLOAT, input_shape or dims)],
                                  [helper.make_tensor_value_info(out, TensorProto.FLOAT, ["batch_size", classes])], self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)], producer_name="pytorch")
        model.ir_version = 8
        onnx.checker.check_model(model, full_check=True)
        path = os.path.join(args.out_dir, f"{self.name}.onnx")
        onnx.save(model, path)
        x = rng.standard_normal((2, size, size, c) if channels_last else (2, c, size, size)).astype(np.float32)
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        (y,) = sess.run(None, {"input": x})
        np.save(os.path.join(args.out_dir, f"{self.name}.input.npy"), x)
        np.save(os.path.join(args.out_dir, f"{self.name}.output.npy"), y.astype(np.float32))
        info = {"quantizable_layers": self.layers, "classes": classes, "size": size, "dynamic_hw": dynamic_hw,
                "channels_last": channels_last}
        info.update(extra or {})
        with open(os.path.join(args.out_dir, f"{self.name}.json"), "w") as f:
            json.dump(info, f)


def resnet18():
    """torchvision ResNet-18 as torch.onnx writes it with training=PRESERVE:
    ImageNet normalisation baked in (Sub/Div per channel), un-folded
    BatchNormalization, MaxPool, residual Add, GlobalAveragePool, the
    dynamic-batch Flatten, Gemm transB=1."""
    n = Net("resnet18")
    mean = np.array([0.485, 0.456, 0.406], np.float32).reshape(1, 3, 1, 1)
    std = np.array([0.229, 0.224, 0.225], np.float32).reshape(1, 3, 1, 1)
    x = n.op("Div", [n.op("Sub", ["input", n.const("mean", mean)]), n.const("std", std)])
    x = n.relu(n.bn(n.conv(x, 3, 64, 7, stride=2, bias=False), 64))
    x = n.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=0)
    cin = 64
    for cout, stride in [(64, 1), (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1)]:
        h = n.relu(n.bn(n.conv(x, cin, cout, 3, stride=stride, bias=False), cout))
        h = n.bn(n.conv(h, cout, cout, 3, bias=False), cout)
        skip = n.bn(n.conv(x, cin, cout, 1, stride=stride, bias=False), cout) if stride != 1 or cin != cout else x
        x = n.relu(n.op("Add", [h, skip]))
        cin = cout
    x = n.flatten_dynamic(n.op("GlobalAveragePool", [x]))
    n.save(n.gemm(x, 512, 1000), args.size, 1000)


def mobilenet_v2():
    """torchvision MobileNetV2 (BN folded by torch.onnx): Clip(0, 6) with
    min/max inputs, depthwise convolutions, inverted residuals, Flatten, Gemm."""
    n = Net("mobilenet_v2", opset=13)
    x = n.clip(n.conv("input", 3, 32, 3, stride=2), 0.0, 6.0)
    cin = 32
    for t, c, reps, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]:
        for i in range(reps):
            stride = s if i == 0 else 1
            hidden = cin * t
            h = x if t == 1 else n.clip(n.conv(x, cin, hidden, 1), 0.0, 6.0)
            h = n.clip(n.conv(h, hidden, hidden, 3, stride=stride, groups=hidden), 0.0, 6.0)
            h = n.conv(h, hidden, c, 1)
            x = n.op("Add", [x, h]) if stride == 1 and cin == c else h
            cin = c
    x = n.clip(n.conv(x, 320, 1280, 1), 0.0, 6.0)
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x])], axis=1)
    n.save(n.gemm(x, 1280, 1000), args.size, 1000)


def se_block(n, x, c, squeeze, inner, gate, pool="GlobalAveragePool"):
    if pool == "ReduceMean":
        if n.opset >= 18:
            s = n.op("ReduceMean", [x, n.const("axes", np.array([2, 3], np.int64))], keepdims=1)
        else:
            s = n.op("ReduceMean", [x], axes=[2, 3], keepdims=1)
    else:
        s = n.op("GlobalAveragePool", [x])
    s = inner(n.conv(s, c, squeeze, 1))
    s = gate(n.conv(s, squeeze, c, 1))
    return n.op("Mul", [x, s])


def mobilenet_v3_small():
    """torchvision MobileNetV3-Small at opset 17: HardSwish, squeeze-excitation
    (GlobalAveragePool → Conv → Relu → Conv → HardSigmoid → Mul), classifier
    Gemm → HardSwish → Dropout → Gemm."""
    n = Net("mobilenet_v3_small", opset=17)
    hs = lambda v: n.op("HardSwish", [v])
    hsig = lambda v: n.op("HardSigmoid", [v], alpha=1.0 / 6, beta=0.5)
    x = hs(n.conv("input", 3, 16, 3, stride=2))
    cin = 16
    # kernel, expanded, out, SE, activation, stride
    for k, exp, c, se, act, s in [(3, 16, 16, True, "RE", 2), (3, 72, 24, False, "RE", 2), (3, 88, 24, False, "RE", 1),
                                  (5, 96, 40, True, "HS", 2), (5, 240, 40, True, "HS", 1), (5, 240, 40, True, "HS", 1),
                                  (5, 120, 48, True, "HS", 1), (5, 144, 48, True, "HS", 1), (5, 288, 96, True, "HS", 2),
                                  (5, 576, 96, True, "HS", 1), (5, 576, 96, True, "HS", 1)]:
        a = n.relu if act == "RE" else hs
        h = x if exp == cin else a(n.conv(x, cin, exp, 1))
        h = a(n.conv(h, exp, exp, k, stride=s, groups=exp))
        if se:
            squeeze = max(8, (exp // 4 + 4) // 8 * 8)
            h = se_block(n, h, exp, squeeze, n.relu, hsig)
        h = n.conv(h, exp, c, 1)
        x = n.op("Add", [x, h]) if s == 1 and cin == c else h
        cin = c
    x = hs(n.conv(x, 96, 576, 1))
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x])], axis=1)
    x = n.op("Dropout", [hs(n.gemm(x, 576, 1024))])
    n.save(n.gemm(x, 1024, 1000), args.size, 1000)


def efficientnet_b0():
    """timm EfficientNet-B0 at opset 13: SiLU as Sigmoid·x, squeeze-excitation
    with ReduceMean over H, W (x.mean((2, 3), keepdim=True)), SiLU and Sigmoid
    gate, depthwise 3×3 and 5×5, residual Add."""
    n = Net("efficientnet_b0", opset=13)
    x = n.silu(n.conv("input", 3, 32, 3, stride=2))
    cin = 32
    for t, k, s, c, reps in [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3), (6, 5, 1, 112, 3),
                             (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)]:
        for i in range(reps):
            stride = s if i == 0 else 1
            exp = cin * t
            h = x if t == 1 else n.silu(n.conv(x, cin, exp, 1))
            h = n.silu(n.conv(h, exp, exp, k, stride=stride, groups=exp))
            h = se_block(n, h, exp, max(1, cin // 4), n.silu, lambda v: n.op("Sigmoid", [v]), pool="ReduceMean")
            h = n.conv(h, exp, c, 1)
            x = n.op("Add", [h, x]) if stride == 1 and cin == c else h
            cin = c
    x = n.silu(n.conv(x, 320, 1280, 1))
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x])], axis=1)
    n.save(n.gemm(x, 1280, 1000), args.size, 1000)


def channel_shuffle(n, x, channels, groups=2):
    """torchvision's view/transpose/view, as torch.onnx traces it: sizes through
    Shape → Gather, the view shapes through Unsqueeze → Concat."""
    shape = n.op("Shape", [x])
    dim = lambda i: n.op("Unsqueeze", [n.op("Gather", [shape, n.const("index", np.array(i, np.int64))], axis=0),
                                       n.const("axes", np.array([0], np.int64))])
    b, h, w = dim(0), dim(2), dim(3)
    g = n.const("groups", np.array([groups], np.int64))
    per = n.const("per_group", np.array([channels // groups], np.int64))
    x = n.op("Reshape", [x, n.op("Concat", [b, g, per, h, w], axis=0)])
    x = n.op("Transpose", [x], perm=[0, 2, 1, 3, 4])
    return n.op("Reshape", [x, n.op("Concat", [b, n.const("minus_one", np.array([-1], np.int64)), h, w], axis=0)])


def shufflenet_v2():
    """torchvision ShuffleNetV2 x0.5: Split on channels (chunk), Concat,
    channel shuffle through dynamic shapes, MaxPool, ReduceMean([2, 3]) head."""
    n = Net("shufflenet_v2", opset=13)
    x = n.relu(n.conv("input", 3, 24, 3, stride=2))
    x = n.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    cin = 24
    for c, reps in [(48, 4), (96, 8), (192, 4)]:
        for i in range(reps):
            half = c // 2
            if i == 0:
                a = n.conv(n.conv(x, cin, cin, 3, stride=2, groups=cin), cin, half, 1)
                a = n.relu(a)
                b = n.relu(n.conv(x, cin, half, 1))
                b = n.conv(b, half, half, 3, stride=2, groups=half)
                b = n.relu(n.conv(b, half, half, 1))
            else:
                a, b = n.op("Split", [x, n.const("split", np.array([half, half], np.int64))], outputs=2, axis=1)
                b = n.relu(n.conv(b, half, half, 1))
                b = n.conv(b, half, half, 3, groups=half)
                b = n.relu(n.conv(b, half, half, 1))
            x = channel_shuffle(n, n.op("Concat", [a, b], axis=1), c)
            cin = c
    x = n.relu(n.conv(x, 192, 1024, 1))
    x = n.op("ReduceMean", [x], axes=[2, 3], keepdims=0)
    n.save(n.gemm(x, 1024, 1000), args.size, 1000)


def squeezenet():
    """torchvision SqueezeNet 1.1: MaxPool with ceil_mode, Fire modules
    (Concat of expand branches), Dropout, a final Conv classifier,
    GlobalAveragePool and Flatten."""
    n = Net("squeezenet1_1", opset=13)
    x = n.relu(n.conv("input", 3, 64, 3, stride=2, pad=0))
    pool = lambda v: n.op("MaxPool", [v], kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1)
    x = pool(x)
    cin = 64
    for squeeze, expand, pool_after in [(16, 64, False), (16, 64, True), (32, 128, False), (32, 128, True),
                                        (48, 192, False), (48, 192, False), (64, 256, False), (64, 256, False)]:
        s = n.relu(n.conv(x, cin, squeeze, 1))
        x = n.op("Concat", [n.relu(n.conv(s, squeeze, expand, 1)), n.relu(n.conv(s, squeeze, expand, 3))], axis=1)
        cin = 2 * expand
        if pool_after:
            x = pool(x)
    x = n.relu(n.conv(n.op("Dropout", [x]), 512, 1000, 1))
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x])], axis=1)
    n.save(x, args.size, 1000)


def paddle_mobilenet():
    """paddle2onnx at opset 11 (PaddleClas MobileNetV3 blocks): HardSwish as
    x·Clip(x + 3, 0, 6)/6, hard sigmoid as Mul(0.2)·Add(0.5)·Clip(0, 1),
    Linear as MatMul + Add, Reshape [0, -1], Softmax at the output."""
    n = Net("paddle_mobilenet_v3", opset=11)

    def hardswish(v):
        return n.op("Div", [n.op("Mul", [v, n.clip(n.op("Add", [v, n.const("three", np.array(3, np.float32))]), 0.0, 6.0)]),
                            n.const("six", np.array(6, np.float32))])

    def hardsigmoid(v):
        v = n.op("Add", [n.op("Mul", [v, n.const("slope", np.array(0.2, np.float32))]), n.const("offset", np.array(0.5, np.float32))])
        return n.clip(v, 0.0, 1.0)

    x = hardswish(n.bn(n.conv("input", 3, 16, 3, stride=2, bias=False), 16))
    cin = 16
    for k, exp, c, se, s in [(3, 16, 16, True, 2), (3, 72, 24, False, 2), (5, 96, 40, True, 2), (5, 240, 40, True, 1)]:
        h = x if exp == cin else hardswish(n.bn(n.conv(x, cin, exp, 1, bias=False), exp))
        h = hardswish(n.bn(n.conv(h, exp, exp, k, stride=s, groups=exp, bias=False), exp))
        if se:
            h = se_block(n, h, exp, exp // 4, n.relu, hardsigmoid)
        h = n.bn(n.conv(h, exp, c, 1, bias=False), c)
        x = n.op("Add", [x, h]) if s == 1 and cin == c else h
        cin = c
    x = n.op("GlobalAveragePool", [hardswish(n.conv(x, cin, 240, 1))])
    x = n.op("Reshape", [x, n.const("shape", np.array([0, -1], np.int64))])
    n.layers += 1
    w = (rng.standard_normal((240, 100)) / np.sqrt(240)).astype(np.float32)
    x = n.op("Add", [n.op("MatMul", [x, n.const("linear.weight", w)]), n.const("linear.bias", (0.1 * rng.standard_normal(100)).astype(np.float32))])
    n.save(n.op("Softmax", [x], axis=-1), args.size, 100)


def dynamic_flatten():
    """A small classifier exported with dynamic batch, height and width
    (dim_params), a Flatten through Shape → Slice → Concat, Cast of the
    shape values and Squeeze/Unsqueeze, ending in LogSoftmax."""
    n = Net("dynamic_flatten", opset=13)
    x = n.relu(n.conv("input", 3, 16, 3, stride=2))
    x = n.op("AveragePool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=1)
    x = n.relu(n.conv(x, 16, 32, 3))
    x = n.op("ReduceMean", [x], axes=[2, 3], keepdims=1)
    shape = n.op("Cast", [n.op("Shape", [x]), ], to=TensorProto.INT64)
    batch = n.op("Slice", [shape, n.const("starts", np.array([0], np.int64)), n.const("ends", np.array([1], np.int64))])
    x = n.op("Reshape", [x, n.op("Concat", [batch, n.const("rest", np.array([-1], np.int64))], axis=0)])
    x = n.op("Unsqueeze", [x, n.const("axes", np.array([2], np.int64))])
    x = n.op("Squeeze", [x, n.const("axes", np.array([2], np.int64))])
    n.save(n.op("LogSoftmax", [n.gemm(x, 32, 10)], axis=1), args.size, 10, dynamic_hw=True)


def fpn_resize():
    """A feature-pyramid classifier as torch.onnx writes F.interpolate: a
    coarse map enlarged ×2 by bilinear Resize with align_corners (scales)
    and added to a lateral 1×1 projection, then shrunk by a nearest Resize
    (asymmetric, round_prefer_ceil) before pooling."""
    n = Net("fpn_resize", opset=13)
    c1 = n.relu(n.conv("input", 3, 16, 3, stride=2))
    c2 = n.relu(n.conv(c1, 16, 32, 3, stride=2))
    up = n.op("Resize", [n.conv(c2, 32, 16, 1), "", n.const("scales", np.array([1, 1, 2, 2], np.float32))],
              mode="linear", coordinate_transformation_mode="align_corners")
    x = n.relu(n.conv(n.op("Add", [up, c1]), 16, 24, 3))
    x = n.op("Resize", [x, "", n.const("scales", np.array([1, 1, 0.5, 0.5], np.float32))], mode="nearest",
             coordinate_transformation_mode="asymmetric", nearest_mode="round_prefer_ceil")
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x])], axis=1)
    n.save(n.gemm(x, 24, 10), args.size, 10)


def keras_classifier():
    """A Keras Sequential CNN as tf2onnx writes it: an [N, H, W, C] input
    read through Transpose(perm [0, 3, 1, 2]), Conv with auto_pad SAME_UPPER,
    BatchNormalization, MaxPool, Transpose(perm [0, 2, 3, 1]) back before
    the Keras Flatten (a Reshape to [-1, K]), Dense as MatMul + Add, Softmax."""
    n = Net("keras_classifier", opset=13)
    x = n.op("Transpose", ["input"], perm=[0, 3, 1, 2])

    def conv_same(x, cin, cout, stride):
        n.layers += 1
        w = (rng.standard_normal((cout, cin, 3, 3)) * np.sqrt(2.0 / (cin * 9))).astype(np.float32)
        return n.op("Conv", [x, n.const("conv2d/kernel", w), n.const("conv2d/bias", (0.1 * rng.standard_normal(cout)).astype(np.float32))],
                    kernel_shape=[3, 3], strides=[stride, stride], auto_pad="SAME_UPPER", dilations=[1, 1])

    x = n.relu(conv_same(x, 3, 16, 1))
    x = n.relu(n.bn(conv_same(x, 16, 24, 2), 24))
    x = n.op("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2])
    side = args.size // 4
    x = n.op("Transpose", [x], perm=[0, 2, 3, 1])
    x = n.op("Reshape", [x, n.const("flatten/Const", np.array([-1, side * side * 24], np.int64))])
    for fin, fout in [(side * side * 24, 32), (32, 10)]:
        n.layers += 1
        w = (rng.standard_normal((fin, fout)) / np.sqrt(fin)).astype(np.float32)
        x = n.op("Add", [n.op("MatMul", [x, n.const("dense/kernel", w)]), n.const("dense/bias", (0.1 * rng.standard_normal(fout)).astype(np.float32))])
        if fout == 32:
            x = n.relu(x)
    n.save(n.op("Softmax", [x], axis=-1), args.size, 10, channels_last=True, extra={"fixed_size": True})


for build in [resnet18, mobilenet_v2, mobilenet_v3_small, efficientnet_b0, shufflenet_v2, squeezenet, paddle_mobilenet, dynamic_flatten,
              fpn_resize, keras_classifier]:
    if not args.only or build.__name__ in args.only.split(","):
        build()
