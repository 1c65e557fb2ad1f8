#!/usr/bin/env python3
"""Builds small hand-made ONNX graphs covering every op the dqss importer
supports, runs each in ONNX Runtime and writes NAME.onnx, NAME.input.npy and
NAME.output.npy into the folder given as the only argument."""
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)
rng = np.random.default_rng(7)


def randn(*shape, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


class Builder:
    def __init__(self):
        self.nodes, self.inits, self.count = [], [], 0

    def init(self, name, array, raw=True):
        if raw:
            self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        else:  # float_data instead of raw_data
            a = np.asarray(array, dtype=np.float32)
            self.inits.append(helper.make_tensor(name, TensorProto.FLOAT, a.shape, a.flatten().tolist()))
        return name

    def op(self, op_type, inputs, **attrs):
        self.count += 1
        out = f"{op_type.lower()}{self.count}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=f"{op_type}_{self.count}", **attrs))
        return out

    def save(self, name, x_shape, out, opset=13, fixed_batch=False):
        batch = [x_shape[0]] if fixed_batch else ["N"]
        graph = helper.make_graph(self.nodes, name,
                                  [helper.make_tensor_value_info("x", TensorProto.FLOAT, batch + list(x_shape[1:]))],
                                  [helper.make_tensor_value_info(out, TensorProto.FLOAT, None)], self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
        model.ir_version = 7
        # Declare the output's shape from shape inference (the checker wants one).
        model = onnx.shape_inference.infer_shapes(model)
        del model.graph.value_info[:]
        onnx.checker.check_model(model)
        path = os.path.join(out_dir, f"{name}.onnx")
        onnx.save(model, path)
        x = randn(*x_shape, scale=1.0)
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        (y,) = sess.run(None, {"x": x})
        np.save(os.path.join(out_dir, f"{name}.input.npy"), x)
        np.save(os.path.join(out_dir, f"{name}.output.npy"), y.astype(np.float32))


def classifier():
    """Conv, BatchNormalization, Relu, MaxPool, grouped/strided Conv, Clip(0, 6),
    GlobalAveragePool, Flatten, Gemm transB=1 (float_data initializers)."""
    b = Builder()
    h = b.op("Conv", ["x", b.init("c1.w", randn(8, 3, 3, 3)), b.init("c1.b", randn(8))], pads=[1, 1, 1, 1])
    h = b.op("BatchNormalization", [h, b.init("bn.g", 1 + randn(8, scale=0.1)), b.init("bn.b", randn(8)),
                                    b.init("bn.m", randn(8, scale=0.1)), b.init("bn.v", 0.5 + rng.random(8).astype(np.float32))],
             epsilon=1e-3)
    h = b.op("Relu", [h])
    h = b.op("MaxPool", [h], kernel_shape=[2, 2], strides=[2, 2])
    h = b.op("Conv", [h, b.init("c2.w", randn(8, 4, 3, 3), raw=False)], pads=[1, 1, 1, 1], strides=[2, 2], group=2,
             dilations=[1, 1], kernel_shape=[3, 3])
    h = b.op("Clip", [h, b.init("lo", np.array(0, np.float32)), b.init("hi", np.array(6, np.float32))])
    h = b.op("GlobalAveragePool", [h])
    h = b.op("Flatten", [h], axis=1)
    h = b.op("Gemm", [h, b.init("fc.w", randn(10, 8), raw=False), b.init("fc.b", randn(10), raw=False)], transB=1)
    b.save("classifier", [2, 3, 12, 12], h)


def gemm_matmul():
    """AveragePool (count_include_pad 0 and 1), LeakyRelu, Sigmoid, Reshape to
    [N, -1], Gemm transB=0 with alpha/beta, MatMul + Add bias."""
    b = Builder()
    h = b.op("AveragePool", ["x"], kernel_shape=[3, 3], strides=[1, 1], pads=[1, 1, 1, 1])
    h = b.op("AveragePool", [h], kernel_shape=[2, 2], strides=[2, 2], count_include_pad=1)
    h = b.op("LeakyRelu", [h], alpha=0.2)
    h = b.op("Conv", [h, b.init("c.w", randn(4, 2, 1, 1))])
    h = b.op("Sigmoid", [h])
    h = b.op("Reshape", [h, b.init("shape", np.array([0, -1], np.int64))])
    h = b.op("Gemm", [h, b.init("g.w", randn(64, 6)), b.init("g.c", randn(6))], alpha=0.5, beta=2.0)
    h = b.op("Relu", [h])
    h = b.op("MatMul", [h, b.init("m.w", randn(6, 3))])
    h = b.op("Add", [h, b.init("m.b", randn(3))])
    b.save("gemm_matmul", [2, 2, 8, 8], h)


def gemm_transposes():
    """Gemm transA=1 after Transpose(perm [1, 0]) of [N, K] features, with
    transB=1, alpha, beta and a [1, M] C; Gemm transB=1 with alpha and no C;
    a Transpose back to [N, K] before a Gemm with a scalar C."""
    b = Builder()
    h = b.op("Conv", ["x", b.init("c.w", randn(6, 3, 3, 3)), b.init("c.b", randn(6))], pads=[1, 1, 1, 1])
    h = b.op("Relu", [h])
    h = b.op("GlobalAveragePool", [h])
    h = b.op("Flatten", [h], axis=1)
    h = b.op("Transpose", [h], perm=[1, 0])
    h = b.op("Gemm", [h, b.init("g1.w", randn(5, 6)), b.init("g1.c", randn(1, 5))], transA=1, transB=1, alpha=0.7, beta=1.5)
    h = b.op("Relu", [h])
    h = b.op("Gemm", [h, b.init("g2.w", randn(4, 5))], transB=1, alpha=1.3)
    h = b.op("Transpose", [h], perm=[1, 0])
    h = b.op("Transpose", [h], perm=[1, 0])
    h = b.op("Gemm", [h, b.init("g3.w", randn(4, 3)), b.init("g3.c", np.array(0.25, np.float32))], beta=-2.0)
    b.save("gemm_transposes", [2, 3, 6, 6], h)


def gemm_column_batch1():
    """A batch-1 export (converters from other frameworks): the feature map
    reshaped to a column [K, 1], then Gemm transA=1 with transB=0, alpha and beta."""
    b = Builder()
    h = b.op("Conv", ["x", b.init("c.w", randn(2, 3, 3, 3))], strides=[2, 2])
    h = b.op("Reshape", [h, b.init("column", np.array([-1, 1], np.int64))])
    h = b.op("Gemm", [h, b.init("g.w", randn(8, 5)), b.init("g.c", randn(5))], transA=1, alpha=2.0, beta=0.5)
    b.save("gemm_column_batch1", [1, 3, 5, 5], h, fixed_batch=True)


def residual():
    """PRelu, Add and Mul of two branches, Concat, Identity, Dropout, no-op Transpose."""
    b = Builder()
    h = b.op("Conv", ["x", b.init("c1.w", randn(4, 4, 3, 3)), b.init("c1.b", randn(4))], pads=[1, 1, 1, 1])
    h = b.op("PRelu", [h, b.init("slope", randn(4, 1, 1))])
    h = b.op("Add", [h, "x"])
    s = b.op("Sigmoid", [h])
    h = b.op("Mul", [h, s])
    h = b.op("Concat", [h, "x"], axis=1)
    h = b.op("Identity", [h])
    h = b.op("Dropout", [h])
    h = b.op("Transpose", [h], perm=[0, 1, 2, 3])
    h = b.op("Conv", [h, b.init("c2.w", randn(3, 8, 1, 1))])
    b.save("residual", [2, 4, 6, 6], h)


def pad_conv():
    """Pad (H, W zeros) absorbed by the following Conv; Clip [0, inf) as ReLU."""
    b = Builder()
    h = b.op("Pad", ["x", b.init("pads", np.array([0, 0, 1, 2, 0, 0, 1, 2], np.int64))])
    h = b.op("Conv", [h, b.init("c.w", randn(3, 2, 3, 5)), b.init("c.b", randn(3))])
    h = b.op("Clip", [h, b.init("lo", np.array(0, np.float32))])
    b.save("pad_conv", [2, 2, 7, 9], h)


def depth_to_space(mode):
    """DepthToSpace in CRD (PyTorch's PixelShuffle order) and DCR (channels of
    the producing Conv reordered)."""
    b = Builder()
    h = b.op("Conv", ["x", b.init("c.w", randn(12, 3, 3, 3)), b.init("c.b", randn(12))], pads=[1, 1, 1, 1])
    h = b.op("DepthToSpace", [h], blocksize=2, mode=mode)
    b.save(f"depth_to_space_{mode.lower()}", [2, 3, 5, 5], h)


def resize():
    """Resize nearest (asymmetric, floor) ×2 and linear half_pixel ×3; Mul by a
    scalar; per-channel Add and Sub (mean shift); Div by a scalar."""
    b = Builder()
    h = b.op("Resize", ["x", "", b.init("s2", np.array([1, 1, 2, 2], np.float32))], mode="nearest",
             coordinate_transformation_mode="asymmetric", nearest_mode="floor")
    h = b.op("Resize", [h, "", b.init("s3", np.array([1, 1, 3, 3], np.float32))], mode="linear",
             coordinate_transformation_mode="half_pixel")
    h = b.op("Mul", [h, b.init("k", np.array(0.5, np.float32))])
    h = b.op("Add", [h, b.init("shift", randn(1, 3, 1, 1))])
    h = b.op("Sub", [h, b.init("mean", randn(1, 3, 1, 1))])
    h = b.op("Div", [h, b.init("std", np.array(0.25, np.float32))])
    b.save("resize", [2, 3, 4, 5], h)


# Resize forms beyond integer repeats and half-pixel blends: (name, attributes,
# scales or None, sizes or None, opset). Each runs Conv → Resize → Conv on a
# 5×7 map, so odd sizes, shrinking and non-integer factors meet every rule.
RESIZE_MODES = [
    ("resize_linear_align_corners", dict(mode="linear", coordinate_transformation_mode="align_corners"), None, [9, 12], 13),
    ("resize_linear_asymmetric", dict(mode="linear", coordinate_transformation_mode="asymmetric"), [1.5, 2.5], None, 13),
    ("resize_linear_pytorch_half_pixel_down", dict(mode="linear", coordinate_transformation_mode="pytorch_half_pixel"), None, [1, 4], 13),
    ("resize_linear_half_pixel_fractional", dict(mode="linear", coordinate_transformation_mode="half_pixel"), [1.7, 0.6], None, 13),
    ("resize_nearest_half_pixel_floor", dict(mode="nearest", coordinate_transformation_mode="half_pixel", nearest_mode="floor"), [2, 2], None, 13),
    ("resize_nearest_asymmetric_prefer_ceil", dict(mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="round_prefer_ceil"), [3, 3], None, 13),
    ("resize_nearest_align_corners", dict(mode="nearest", coordinate_transformation_mode="align_corners", nearest_mode="round_prefer_floor"), None, [8, 11], 13),
    ("resize_nearest_tf_half_pixel_ceil", dict(mode="nearest", coordinate_transformation_mode="tf_half_pixel_for_nn", nearest_mode="ceil"), [1.5, 1.25], None, 13),
    ("resize_nearest_pytorch_half_pixel_down", dict(mode="nearest", coordinate_transformation_mode="pytorch_half_pixel", nearest_mode="round_prefer_floor"), [0.5, 0.5], None, 13),
    ("resize_linear_axes_opset18", dict(mode="linear", coordinate_transformation_mode="half_pixel", axes=[2, 3]), [2.5, 1.5], None, 18),
    ("resize_nearest_opset10_down", dict(mode="nearest"), [0.5, 0.5], None, 10),
]


def resize_mode(name, attrs, scales, sizes, opset):
    b = Builder()
    h = b.op("Conv", ["x", b.init("c1.w", randn(4, 3, 1, 1)), b.init("c1.b", randn(4))])
    axes = attrs.get("axes")
    if opset == 10:
        h = b.op("Resize", [h, b.init("scales", np.array([1, 1] + scales, np.float32))], **attrs)
    elif scales is not None:
        full = scales if axes else [1, 1] + scales
        h = b.op("Resize", [h, "", b.init("scales", np.array(full, np.float32))], **attrs)
    else:
        h = b.op("Resize", [h, "", "", b.init("sizes", np.array([2, 4] + sizes, np.int64))], **attrs)
    h = b.op("Conv", [h, b.init("c2.w", randn(2, 4, 3, 3))], pads=[1, 1, 1, 1])
    b.save(name, [2, 3, 5, 7], h, opset=opset)


def sr_unpadded():
    """A super-resolution model of unpadded convolutions (two 3×3, then
    DepthToSpace ×2): at a fixed 14×16 input it writes 20×24, short of 2×
    by 8 pixels per axis, so it expects its LR input padded by 2 per side.
    Writes the LR input (10×12) and ONNX Runtime's outputs for the input
    padded by edge and by reflect; and a square 28×28 copy for the CLI."""
    for name, side in [("sr_unpadded", (14, 16)), ("sr_unpadded_square", (28, 28))]:
        b = Builder()
        h = b.op("Conv", ["x", b.init("c1.w", randn(8, 3, 3, 3)), b.init("c1.b", randn(8, scale=0.1))])
        h = b.op("Relu", [h])
        h = b.op("Conv", [h, b.init("c2.w", randn(12, 8, 3, 3)), b.init("c2.b", randn(12, scale=0.1))])
        h = b.op("DepthToSpace", [h], blocksize=2, mode="CRD")
        b.save(name, [2, 3, *side], h)
    path = os.path.join(out_dir, "sr_unpadded.onnx")
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    lr = randn(2, 3, 10, 12, scale=1.0)
    np.save(os.path.join(out_dir, "sr_unpadded.input.npy"), lr)
    for mode in ["edge", "reflect"]:
        (y,) = sess.run(None, {"x": np.pad(lr, ((0, 0), (0, 0), (2, 2), (2, 2)), mode=mode)})
        np.save(os.path.join(out_dir, f"sr_unpadded.{mode}.output.npy"), y.astype(np.float32))


def conv_transpose():
    b = Builder()
    h = b.op("ConvTranspose", ["x", b.init("t.w", randn(4, 3, 3, 3)), b.init("t.b", randn(3))],
             strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1])
    h = b.op("Relu", [h])
    b.save("conv_transpose", [2, 4, 5, 5], h)


def legacy_opset9():
    """Opset 9 forms: Clip with min/max attributes, Upsample with a scales
    input, Pad with a pads attribute."""
    b = Builder()
    h = b.op("Conv", ["x", b.init("c.w", randn(4, 2, 3, 3))], pads=[1, 1, 1, 1])
    h = b.op("Clip", [h], min=0.0, max=6.0)
    h = b.op("Upsample", [h, b.init("scales", np.array([1, 1, 2, 2], np.float32))], mode="nearest")
    h = b.op("Pad", [h], pads=[0, 0, 1, 1, 0, 0, 1, 1])
    h = b.op("Conv", [h, b.init("c2.w", randn(2, 4, 3, 3))])
    b.save("legacy_opset9", [2, 2, 4, 4], h, opset=9)


def tf_same_padding():
    """tf2onnx's forms: Conv and MaxPool with auto_pad SAME_UPPER at stride 2
    on an even size (asymmetric padding), HardSigmoid with ONNX's default
    alpha, Clip to [-1, 1], Sub of two computed tensors."""
    b = Builder()
    h = b.op("Conv", ["x", b.init("c.w", randn(4, 3, 3, 3)), b.init("c.b", randn(4))], auto_pad="SAME_UPPER", strides=[2, 2])
    g = b.op("HardSigmoid", [h])
    h = b.op("Sub", [h, g])
    h = b.op("MaxPool", [h], kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER")
    h = b.op("Clip", [h, b.init("lo", np.array(-1, np.float32)), b.init("hi", np.array(1, np.float32))])
    h = b.op("Conv", [h, b.init("c2.w", randn(2, 4, 1, 1))])
    b.save("tf_same_padding", [2, 3, 10, 8], h)


def pad_slice_resize():
    """Pad reflect and edge, Slice on channels, Split into equal parts without
    sizes, Concat, a Resize whose sizes come from Shape → Slice → Concat, and
    a squeeze-excitation gate (ReduceMean keepdims 0 → Unsqueeze → Mul)."""
    b = Builder()
    h = b.op("Pad", ["x", b.init("p1", np.array([0, 0, 1, 2, 0, 0, 2, 1], np.int64))], mode="reflect")
    h = b.op("Pad", [h, b.init("p2", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))], mode="edge")
    h = b.op("Conv", [h, b.init("c.w", randn(6, 3, 3, 3))])
    first = b.op("Slice", [h, b.init("s0", np.array([0], np.int64)), b.init("s1", np.array([2], np.int64)), b.init("sa", np.array([1], np.int64))])
    b.count += 1
    a, c = f"split{b.count}a", f"split{b.count}b"
    b.nodes.append(helper.make_node("Split", [h], [a, c], name=f"Split_{b.count}", axis=1))
    h = b.op("Concat", [c, first, a], axis=1)
    shape = b.op("Shape", [h])
    nc = b.op("Slice", [shape, b.init("z0", np.array([0], np.int64)), b.init("z2", np.array([2], np.int64))])
    hw = b.op("Mul", [b.op("Slice", [shape, b.init("t2", np.array([2], np.int64)), b.init("t4", np.array([4], np.int64))]),
                      b.init("two", np.array(2, np.int64))])
    h = b.op("Resize", [h, "", "", b.op("Concat", [nc, hw], axis=0)], mode="nearest",
             coordinate_transformation_mode="asymmetric", nearest_mode="floor")
    s = b.op("ReduceMean", [h], axes=[2, 3], keepdims=0)
    s = b.op("Unsqueeze", [s, b.init("ax", np.array([2, 3], np.int64))])
    h = b.op("Mul", [h, b.op("Sigmoid", [s])])
    b.save("pad_slice_resize", [2, 3, 5, 6], h)


def opset11_forms():
    """Opset 11 attribute forms: Squeeze/Unsqueeze axes, Softmax's default
    axis 1, Split sizes as an attribute, Clip min/max inputs, a constant
    bias Unsqueezed at import, Gemm with transB 0."""
    b = Builder()
    h = b.op("Conv", ["x", b.init("c.w", randn(4, 2, 3, 3))], pads=[1, 1, 1, 1])
    h = b.op("Add", [h, b.op("Unsqueeze", [b.init("bias", randn(4, 1, 1))], axes=[0])])
    b.count += 1
    a, c = f"split{b.count}a", f"split{b.count}b"
    b.nodes.append(helper.make_node("Split", [h], [a, c], name=f"Split_{b.count}", axis=1, split=[1, 3]))
    h = b.op("Concat", [c, a], axis=1)
    h = b.op("GlobalAveragePool", [h])
    h = b.op("Squeeze", [h], axes=[2, 3])
    h = b.op("Gemm", [h, b.init("g.w", randn(4, 5))])
    h = b.op("Softmax", [h])
    b.save("opset11_forms", [2, 2, 6, 6], h, opset=11)


classifier()
gemm_matmul()
gemm_transposes()
gemm_column_batch1()
residual()
pad_conv()
depth_to_space("CRD")
depth_to_space("DCR")
resize()
for mode in RESIZE_MODES:
    resize_mode(*mode)
conv_transpose()
sr_unpadded()
legacy_opset9()
tf_same_padding()
pad_slice_resize()
opset11_forms()
