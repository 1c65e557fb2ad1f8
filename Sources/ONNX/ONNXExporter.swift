import Tensor
import NeuralNet
import Quantization
import Search

/// Writes a graph as an ONNX model (opset 13). Float layers export as
/// themselves (batch norm kept as BatchNormalization, so an export imports
/// back to the same graph). Quantized layers (a supernet with a fixed
/// strategy) export in QDQ form:
///
/// * input activation: [Clip] → QuantizeLinear → DequantizeLinear, uint8 or
///   int8 by the candidate's signedness, with its scale and zero point. dqss
///   grids of b < 8 bits are sub-ranges of the 8-bit storage; the Clip to
///   [(qmin − z)·s, (qmax − z)·s] (both on the grid) applies the b-bit clamp,
///   after which int8 rounding lands on the same codes. The Clip is left out
///   when the grid fills the storage type.
/// * weight: the already fake-quantized weight (every value code·scale) →
///   QuantizeLinear → DequantizeLinear, int8, per channel on axis 0 when the
///   candidate is per channel. The codes lie within the b-bit grid, so the
///   int8 round trip reproduces the simulated weight exactly.
///
/// * bias: int32 codes on the grid s_x·s_w[c] → DequantizeLinear (axis 0),
///   the form ONNX Runtime's quantizer writes and its integer kernels add.
public struct ONNXExporter {
    var nodes: [ONNXNode] = []
    var initializers: [ONNXTensor] = []
    public private(set) var encodings: [ONNXQuantEncoding] = []
    let graph: Graph

    /// Exports `graph`; quantized layers must have fixed selections.
    public static func export(_ graph: Graph) throws(ONNXError) -> (model: ONNXModel, encodings: [ONNXQuantEncoding]) {
        var e = ONNXExporter(graph: graph)
        try e.run()
        var g = ONNXGraph(name: graph.name)
        g.nodes = e.nodes
        g.initializers = e.initializers
        let (input, output) = dynamicShapes(of: graph)
        g.inputs = [input]
        g.outputs = [output]
        var model = ONNXModel(graph: g)
        let modelInput = modelInputShape(graph)
        if input.shape.count == 4, input.shape[2] == nil {
            // Importing the export again needs a size; ONNX Runtime takes any.
            model.metadata[ONNXModel.inputSizeKey] = "\(modelInput[0]),\(modelInput[1])"
        }
        if let padding = graph.inputPadding { model.metadata[ONNXModel.inputPaddingKey] = padding.description }
        return (model, e.encodings)
    }

    init(graph: Graph) { self.graph = graph }

    /// The per-sample input of the model as its user gave it: after the input
    /// padding dqss added for unpadded convolutions, which the export leaves out.
    static func modelInputShape(_ graph: Graph) -> [Int] {
        graph.inputPadding == nil ? graph.inputShape : graph.shapes[InputPadding.nodeName]!
    }

    /// Input and output declarations: the batch is always dynamic, and so are
    /// H and W when the graph builds at another image size with the same
    /// parameters (fully convolutional, or pooled globally before its classifier).
    static func dynamicShapes(of graph: Graph) -> (input: ONNXValueInfo, output: ONNXValueInfo) {
        var input: [Int?] = [nil] + ONNXImporter.nchw(modelInputShape(graph))
        var output: [Int?] = [nil] + ONNXImporter.nchw(graph.outputShape)
        var inputNames = [0: "N"], outputNames = [0: "N"]
        if graph.inputShape.count == 3, let other = resized(graph) {
            input[2] = nil
            input[3] = nil
            inputNames[2] = "H"
            inputNames[3] = "W"
            let a = output, b = [nil] + ONNXImporter.nchw(other.outputShape)
            for i in a.indices.dropFirst() where i < b.count && a[i] != b[i] {
                output[i] = nil
                outputNames[i] = a.count == 4 ? (i == 2 ? "H_out" : i == 3 ? "W_out" : "C_out") : "D\(i)"
            }
        }
        if graph.inputIsChannelsLast, input.count == 4 {
            input = [input[0], input[2], input[3], input[1]]
            inputNames = Dictionary(uniqueKeysWithValues: inputNames.map { k, v in (k == 0 ? 0 : k == 1 ? 3 : k - 1, v) })
        }
        return (ONNXValueInfo(name: graph.inputName, shape: input, symbolicNames: inputNames),
                ONNXValueInfo(name: graph.outputName, shape: output, symbolicNames: outputNames))
    }

    /// The same nodes built for an input one stride-multiple larger, or nil when
    /// a layer's shape depends on the image size (a Flatten of a spatial map).
    static func resized(_ graph: Graph) -> Graph? {
        let s = graph.inputShape
        var g = Graph(name: graph.name, inputName: graph.inputName, inputShape: [s[0] + 32, s[1] + 32, s[2]])
        var generator = SeededGenerator(seed: 0)
        for node in graph.nodes.dropFirst() {
            // A linear layer after a spatial Flatten refuses the other size here.
            guard (try? g.add(node.name, node.op, inputs: node.inputs, generator: &generator)) != nil else { return nil }
        }
        return g
    }

    mutating func run() throws(ONNXError) {
        let last = graph.nodeIndex(graph.outputName)!
        let padded = graph.inputPadding != nil
        for node in graph.nodes[1...last] where !(padded && node.name == InputPadding.nodeName) {
            try emit(node)
        }
        if padded {
            // The padding is recorded in the metadata, not added to the user's model.
            for i in nodes.indices { nodes[i].inputs = nodes[i].inputs.map { $0 == InputPadding.nodeName ? graph.inputName : $0 } }
            for i in encodings.indices where encodings[i].tensor == InputPadding.nodeName { encodings[i].tensor = graph.inputName }
        }
        if graph.inputIsChannelsLast {
            // The original's [N, H, W, C] interface, turned channels-first as tf2onnx does.
            let input = graph.inputName, nchw = "\(graph.inputName)_nchw"
            for i in nodes.indices { nodes[i].inputs = nodes[i].inputs.map { $0 == input ? nchw : $0 } }
            nodes.insert(ONNXNode(name: nchw, opType: "Transpose", inputs: [input], outputs: [nchw],
                                  attributes: [.ints("perm", [0, 3, 1, 2])]), at: 0)
        }
    }

    mutating func constant(_ name: String, _ t: Tensor, shape: [Int]? = nil) -> String {
        initializers.append(ONNXTensor(name: name, shape: shape ?? t.shape, floats: t.scalars))
        return name
    }

    mutating func scalar(_ name: String, _ v: Float) -> String {
        initializers.append(ONNXTensor(name: name, shape: [], floats: [v]))
        return name
    }

    mutating func node(_ op: String, _ name: String, _ inputs: [String], _ output: String, _ attrs: [ONNXAttribute] = []) {
        nodes.append(ONNXNode(name: name, opType: op, inputs: inputs, outputs: [output], attributes: attrs))
    }

    func param(_ node: Node, _ key: String) -> Tensor { graph.parameters["\(node.name).\(key)"]! }

    static func convAttributes(_ g: ConvGeometry) -> [ONNXAttribute] {
        [.ints("kernel_shape", [g.kernelH, g.kernelW]), .ints("strides", [g.strideH, g.strideW]),
         .ints("pads", [g.padH, g.padW, g.padH, g.padW]), .ints("dilations", [g.dilationH, g.dilationW]),
         .int("group", g.groups)]
    }

    static func convTransposeAttributes(_ g: ConvTransposeGeometry) -> [ONNXAttribute] {
        [.ints("kernel_shape", [g.kernelH, g.kernelW]), .ints("strides", [g.strideH, g.strideW]),
         .ints("pads", [g.padH, g.padW, g.padH, g.padW]), .ints("dilations", [g.dilationH, g.dilationW]),
         .ints("output_padding", [g.outputPadH, g.outputPadW]), .int("group", g.groups)]
    }

    mutating func emit(_ n: Node) throws(ONNXError) {
        let name = n.name, x = n.inputs
        switch n.op {
        case let op as Conv2DOp:
            var inputs = [x[0], constant("\(name).weight", param(n, "weight"))]
            if op.hasBias { inputs.append(constant("\(name).bias", param(n, "bias"))) }
            node("Conv", name, inputs, name, Self.convAttributes(op.geometry))
        case let op as ConvTranspose2DOp:
            var inputs = [x[0], constant("\(name).weight", param(n, "weight"))]
            if op.hasBias { inputs.append(constant("\(name).bias", param(n, "bias"))) }
            node("ConvTranspose", name, inputs, name, Self.convTransposeAttributes(op.geometry))
        case let op as LinearOp:
            var inputs = [x[0], constant("\(name).weight", param(n, "weight"))]
            if op.hasBias { inputs.append(constant("\(name).bias", param(n, "bias"))) }
            node("Gemm", name, inputs, name, [.int("transB", 1)])
        case let op as BatchNormOp:
            let inputs = [x[0]] + ["weight", "bias", "running_mean", "running_var"].map { constant("\(name).\($0)", param(n, $0)) }
            node("BatchNormalization", name, inputs, name, [.float("epsilon", op.epsilon)])
        case is ReLUOp: node("Relu", name, x, name)
        case is ReLU6Op: node("Clip", name, [x[0], scalar("\(name).min", 0), scalar("\(name).max", 6)], name)
        case let op as LeakyReLUOp: node("LeakyRelu", name, x, name, [.float("alpha", op.slope)])
        case let op as PReLUOp:
            let rank = graph.shapes[x[0]]!.count
            let shape = rank == 3 ? [op.channels, 1, 1] : [op.channels]
            node("PRelu", name, [x[0], constant("\(name).weight", param(n, "weight"), shape: shape)], name)
        case is SigmoidOp: node("Sigmoid", name, x, name)
        case is AddOp:
            var acc = x[0]
            for (k, other) in x.dropFirst().enumerated() {
                let out = k == x.count - 2 ? name : "\(name)_partial\(k)"
                node("Add", out, [acc, other], out)
                acc = out
            }
        case is MultiplyOp: node("Mul", name, x, name)
        case is ConcatOp: node("Concat", name, x, name, [.int("axis", 1)])
        case let op as MaxPoolOp:
            let g = op.geometry
            node("MaxPool", name, x, name, [.ints("kernel_shape", [g.kernelH, g.kernelW]), .ints("strides", [g.strideH, g.strideW]),
                                            .ints("pads", [g.padH, g.padW, g.padH, g.padW]), .int("ceil_mode", g.ceilMode ? 1 : 0)])
        case let op as AvgPoolOp:
            let g = op.geometry
            node("AveragePool", name, x, name, [.ints("kernel_shape", [g.kernelH, g.kernelW]), .ints("strides", [g.strideH, g.strideW]),
                                                .ints("pads", [g.padH, g.padW, g.padH, g.padW]),
                                                .int("count_include_pad", op.countIncludePad ? 1 : 0), .int("ceil_mode", g.ceilMode ? 1 : 0)])
        case is GlobalAvgPoolOp:
            // dqss pools to [N, C]; ONNX to [N, C, 1, 1], hence the Flatten.
            node("GlobalAveragePool", name, x, "\(name)_pool")
            node("Flatten", "\(name)_flatten", ["\(name)_pool"], name, [.int("axis", 1)])
        case let op as FlattenOp:
            if op.channelsLast, graph.shapes[x[0]]!.count == 3 {
                // Keras order: back to [N, H, W, C] first, as tf2onnx writes it.
                node("Transpose", "\(name)_channels_last", x, "\(name)_channels_last", [.ints("perm", [0, 2, 3, 1])])
                node("Flatten", name, ["\(name)_channels_last"], name, [.int("axis", 1)])
            } else {
                node("Flatten", name, x, name, [.int("axis", 1)])
            }
        case let op as PixelShuffleOp:
            node("DepthToSpace", name, x, name, [.int("blocksize", op.upscale), .string("mode", "CRD")])
        case let op as UpsampleOp:
            let f = Float(op.factor)
            let scales = constant("\(name).scales", Tensor(shape: [4], scalars: [1, 1, f, f]))
            let attrs: [ONNXAttribute] = op.mode == .nearest
                ? [.string("mode", "nearest"), .string("coordinate_transformation_mode", "asymmetric"), .string("nearest_mode", "floor")]
                : [.string("mode", "linear"), .string("coordinate_transformation_mode", "half_pixel")]
            node("Resize", name, [x[0], "", scales], name, attrs)
        case let op as ResizeOp:
            let attrs: [ONNXAttribute] = [.string("mode", op.sampling.interpolation.rawValue),
                                          .string("coordinate_transformation_mode", op.sampling.coordinates.rawValue),
                                          .string("nearest_mode", op.sampling.nearest.rawValue)]
            switch (op.height, op.width) {
            case (.scale(let h), .scale(let w)):
                node("Resize", name, [x[0], "", constant("\(name).scales", Tensor(shape: [4], scalars: [1, 1, h, w]))], name, attrs)
            default:
                // Sizes name the whole output shape: N and C come from the input, so the batch stays dynamic.
                let s = graph.shapes[name]!
                initializers.append(ONNXTensor(name: "\(name).hw", shape: [2], int64s: [Int64(s[0]), Int64(s[1])]))
                initializers.append(ONNXTensor(name: "\(name).nc_start", shape: [1], int64s: [0]))
                initializers.append(ONNXTensor(name: "\(name).nc_end", shape: [1], int64s: [2]))
                node("Shape", "\(name)_shape", [x[0]], "\(name)_input_shape")
                node("Slice", "\(name)_nc", ["\(name)_input_shape", "\(name).nc_start", "\(name).nc_end"], "\(name)_nc")
                node("Concat", "\(name)_sizes", ["\(name)_nc", "\(name).hw"], "\(name)_sizes", [.int("axis", 0)])
                node("Resize", name, [x[0], "", "", "\(name)_sizes"], name, attrs)
            }
        case let op as ScaleOp: node("Mul", name, [x[0], scalar("\(name).factor", op.factor)], name)
        case let op as MeanShiftOp:
            let offsets = constant("\(name).offsets", Tensor(shape: [op.offsets.count, 1, 1], scalars: op.offsets))
            node("Add", name, [x[0], offsets], name)
        case let op as ChannelAffineOp:
            let shape = graph.shapes[x[0]]!.count == 3 ? [op.scale.count, 1, 1] : [op.scale.count]
            let scale = constant("\(name).scale", Tensor(shape: [op.scale.count], scalars: op.scale), shape: shape)
            let shift = constant("\(name).shift", Tensor(shape: [op.shift.count], scalars: op.shift), shape: shape)
            node("Mul", "\(name)_scale", [x[0], scale], "\(name)_scaled")
            node("Add", name, ["\(name)_scaled", shift], name)
        case let op as ClipOp:
            node("Clip", name, [x[0], op.low == -.infinity ? "" : scalar("\(name).min", op.low),
                                op.high == .infinity ? "" : scalar("\(name).max", op.high)], name)
        case let op as HardSigmoidOp: node("HardSigmoid", name, x, name, [.float("alpha", op.alpha), .float("beta", op.beta)])
        case is HardSwishOp:
            // HardSwish arrives in opset 14: x · HardSigmoid(x; 1/6, 1/2) is the same function in opset 13.
            node("HardSigmoid", "\(name)_gate", x, "\(name)_gate", [.float("alpha", 1 / 6), .float("beta", 0.5)])
            node("Mul", name, [x[0], "\(name)_gate"], name)
        case let op as SoftmaxOp: node(op.logarithm ? "LogSoftmax" : "Softmax", name, x, name, [.int("axis", 1)])
        case is ChannelMultiplyOp: node("Mul", name, x, name)
        case let op as ReshapeOp:
            let target = [0] + ONNXImporter.nchw(op.shape).map(Int64.init)
            initializers.append(ONNXTensor(name: "\(name).shape", shape: [target.count], int64s: target))
            node("Reshape", name, [x[0], "\(name).shape"], name)
        case let op as ChannelShuffleOp:
            // [N, C, H, W] → [N, g, C/g, H·W] → swap the group axes → back to the input's own shape (H, W stay dynamic).
            let c = graph.shapes[x[0]]!.last!
            initializers.append(ONNXTensor(name: "\(name).groups", shape: [4], int64s: [0, Int64(op.groups), Int64(c / op.groups), -1]))
            node("Reshape", "\(name)_group", [x[0], "\(name).groups"], "\(name)_grouped")
            node("Transpose", "\(name)_transpose", ["\(name)_grouped"], "\(name)_transposed", [.ints("perm", [0, 2, 1, 3])])
            node("Shape", "\(name)_shape", [x[0]], "\(name)_input_shape")
            node("Reshape", name, ["\(name)_transposed", "\(name)_input_shape"], name)
        case let op as SliceChannelsOp:
            initializers.append(ONNXTensor(name: "\(name).starts", shape: [1], int64s: [Int64(op.start)]))
            initializers.append(ONNXTensor(name: "\(name).ends", shape: [1], int64s: [Int64(op.start + op.count)]))
            initializers.append(ONNXTensor(name: "\(name).axes", shape: [1], int64s: [1]))
            node("Slice", name, [x[0], "\(name).starts", "\(name).ends", "\(name).axes"], name)
        case let op as PadOp:
            initializers.append(ONNXTensor(name: "\(name).pads", shape: [8], int64s: [0, 0, op.top, op.left, 0, 0, op.bottom, op.right].map(Int64.init)))
            switch op.mode {
            case .constant(let v): node("Pad", name, [x[0], "\(name).pads", scalar("\(name).value", v)], name, [.string("mode", "constant")])
            case .reflect: node("Pad", name, [x[0], "\(name).pads"], name, [.string("mode", "reflect")])
            case .edge: node("Pad", name, [x[0], "\(name).pads"], name, [.string("mode", "edge")])
            }
        case let op as QuantizedLayerOp: try emitQuantized(n, op)
        default:
            throw .unsupportedUse(node: name, reason: "dqss op '\(n.op.kind)' has no ONNX export")
        }
    }

    mutating func emitQuantized(_ n: Node, _ op: QuantizedLayerOp) throws(ONNXError) {
        guard case .fixed(let j) = op.weightSelection, case .fixed(let i) = op.activationSelection else {
            throw .unsupportedUse(node: n.name, reason: "layer is still a soft mixture; apply a strategy before a QDQ export")
        }
        let name = n.name
        let a = op.activationCandidates[i], wp = op.weightCandidates[j]
        // Activation: clamp to the b-bit grid, then 8-bit QDQ.
        var source = n.inputs[0]
        let full = a.spec.isSigned ? (-128, 127) : (0, 255)
        if (a.spec.qmin, a.spec.qmax) != full {
            node("Clip", "\(name).input_clip", [source, scalar("\(name).input_min", a.clipLow[0]),
                                                 scalar("\(name).input_max", a.clipHigh[0])], "\(name).input_clipped")
            source = "\(name).input_clipped"
        }
        let act = try qdq(name: "\(name).input", source: source, params: a, shape: [])
        encodings.append(ONNXQuantEncoding(tensor: n.inputs[0], layer: name, role: "activation", params: a))
        // Weight: on-grid float values, exact through int8 QDQ.
        let w = graph.parameters["\(name).weight"]!
        let qw = op.frozenQuantizedWeights?[j] ?? FakeQuant.forward(w, wp)
        let wName = constant("\(name).weight", qw)
        var axisShape: [Int] = []
        if case .perChannel(let axis) = wp.spec.granularity { axisShape = [w.shape[axis]] }
        let wdq = try qdq(name: "\(name).weight", source: wName, params: wp, shape: axisShape)
        encodings.append(ONNXQuantEncoding(tensor: wName, layer: name, role: "weight", params: wp))
        var inputs = [act, wdq]
        if op.hasBias {
            // int32 codes on s_x·s_w, as the simulation adds them (BiasQuantization).
            let bias = param(n, "bias")
            let scales = BiasQuantization.scales(activation: a, weight: wp, channels: bias.count)
            initializers.append(ONNXTensor(name: "\(name).bias_quantized", shape: [bias.count],
                                           int32s: BiasQuantization.codes(bias, scales: scales)))
            initializers.append(ONNXTensor(name: "\(name).bias_scale", shape: [bias.count], floats: scales))
            node("DequantizeLinear", "\(name).bias_dequantize", ["\(name).bias_quantized", "\(name).bias_scale"],
                 "\(name).bias_dequantized", [.int("axis", 0)])
            encodings.append(ONNXQuantEncoding(tensor: "\(name).bias_quantized", layer: name, biasScales: scales))
            inputs.append("\(name).bias_dequantized")
        }
        switch op.layer {
        case .conv(let g): node("Conv", name, inputs, name, Self.convAttributes(g))
        case .transposedConv(let g): node("ConvTranspose", name, inputs, name, Self.convTransposeAttributes(g))
        case .linear: node("Gemm", name, inputs, name, [.int("transB", 1)])
        }
    }

    /// QuantizeLinear → DequantizeLinear of `source`; returns the dequantized tensor's name.
    mutating func qdq(name: String, source: String, params: QuantParams, shape: [Int]) throws(ONNXError) -> String {
        let signed = params.spec.isSigned
        guard params.zeroPoints.allSatisfy({ signed ? (-128...127).contains($0) : (0...255).contains($0) }) else {
            throw .unsupportedUse(node: name, reason: "zero points \(params.zeroPoints) do not fit 8-bit storage")
        }
        initializers.append(ONNXTensor(name: "\(name)_scale", shape: shape, floats: params.scales))
        initializers.append(ONNXTensor(name: "\(name)_zero_point", shape: shape, bytes: params.zeroPoints, signed: signed))
        var attrs: [ONNXAttribute] = []
        if case .perChannel(let axis) = params.spec.granularity { attrs = [.int("axis", axis)] }
        let q = "\(name)_quantized", dq = "\(name)_dequantized"
        node("QuantizeLinear", "\(name)_quantize", [source, "\(name)_scale", "\(name)_zero_point"], q, attrs)
        node("DequantizeLinear", "\(name)_dequantize", [q, "\(name)_scale", "\(name)_zero_point"], dq, attrs)
        return dq
    }
}
