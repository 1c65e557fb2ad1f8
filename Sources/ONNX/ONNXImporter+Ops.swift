import Tensor
import NeuralNet

extension ONNXImporter {
    mutating func importNode(_ node: ONNXNode) throws(ONNXError) {
        if isFoldable(node) { return try fold(node) }
        switch node.opType {
        case "Constant": try importConstant(node)
        case "Identity", "Dropout":
            guard let v = values[node.inputs.first ?? ""] else { throw .invalidGraph("node '\(node.name)' has no input") }
            if node.opType == "Dropout", node.inputs.count > 2, let t = try constant(node, 2), try t.numbers().first ?? 0 != 0 {
                throw .unsupportedUse(node: node.name, reason: "Dropout in training mode")
            }
            values[node.outputs[0]] = v
        case "Cast":
            guard node.int("to", default: 0) == Int(ONNXTensor.DataType.float.rawValue), let v = values[node.inputs.first ?? ""] else {
                throw .unsupportedUse(node: node.name, reason: "Cast of a tensor to type \(ONNXTensor.typeName(Int32(truncatingIfNeeded: node.int("to", default: 0)))); only to FLOAT")
            }
            values[node.outputs[0]] = v
        case "Conv": try importConv(node)
        case "ConvTranspose": try importConvTranspose(node)
        case "Gemm", "MatMul": try importLinear(node)
        case "BatchNormalization":
            let x = try spatial(node, 0)
            guard node.int("training_mode", default: 0) == 0 else { throw .unsupportedUse(node: node.name, reason: "training_mode BatchNormalization") }
            guard node.outputs.count == 1 || node.outputs.dropFirst().allSatisfy({ $0.isEmpty }) else {
                throw .unsupportedUse(node: node.name, reason: "BatchNormalization with running-statistics outputs (training mode)")
            }
            let c = x.shape[0]
            var p: [String: Tensor] = [:]
            for (i, key) in ["weight", "bias", "running_mean", "running_var"].enumerated() {
                p[key] = try tensor(try requiredConstant(node, i + 1), shape: [c])
            }
            try add(node, BatchNormOp(channels: c, epsilon: node.float("epsilon", default: 1e-5)), inputs: [x.name], parameters: p)
        case "Relu": try unary(node, ReLUOp())
        case "Sigmoid": try unary(node, SigmoidOp())
        case "HardSigmoid":
            try unary(node, HardSigmoidOp(alpha: node.float("alpha", default: 0.2), beta: node.float("beta", default: 0.5)))
        case "HardSwish": try unary(node, HardSwishOp())
        case "LeakyRelu": try unary(node, LeakyReLUOp(slope: node.float("alpha", default: 0.01)))
        case "Clip": try importClip(node)
        case "Softmax", "LogSoftmax": try importSoftmax(node)
        case "PRelu":
            let x = try spatial(node, 0)
            let slope = try requiredConstant(node, 1)
            let v = try slope.floats()
            guard v.count == 1 || v.count == x.shape[0] else {
                throw .unsupportedUse(node: node.name, reason: "PRelu slope of \(v.count) values; one per channel or one in all")
            }
            try add(node, PReLUOp(channels: v.count), inputs: [x.name], parameters: ["weight": Tensor(shape: [v.count], scalars: v)])
        case "Add", "Sub", "Mul", "Div": try importBinary(node)
        case "Concat": try importConcat(node)
        case "Split": try importSplit(node)
        case "Slice": try importSlice(node)
        case "MaxPool", "AveragePool": try importPool(node)
        case "GlobalAveragePool":
            let x = try spatial(node, 0)
            guard x.shape.count == 3 else { throw .unsupportedUse(node: node.name, reason: "GlobalAveragePool needs NCHW input") }
            try add(node, GlobalAvgPoolOp(), inputs: [x.name], logical: [x.shape[0], 1, 1])
        case "ReduceMean": try importReduceMean(node)
        case "Flatten":
            if case .constant = values[node.inputs.first ?? ""] { return try reshapeConstant(node) }
            var axis = node.int("axis", default: 1)
            if case .channelsLast(let name, _) = values[node.inputs.first ?? ""] {
                guard axis == 1 || axis == -3 else { throw .unsupportedUse(node: node.name, reason: "Flatten with axis \(axis); only axis 1") }
                try add(node, FlattenOp(channelsLast: true), inputs: [name])
                return
            }
            let x = try runtime(node, 0)
            if axis < 0 { axis += x.logical.count + 1 }
            guard axis == 1 else { throw .unsupportedUse(node: node.name, reason: "Flatten with axis \(axis); only axis 1") }
            try flatten(node, x)
        case "Reshape": try importReshape(node)
        case "Squeeze", "Unsqueeze": try importSqueeze(node)
        case "Transpose": try importTranspose(node)
        case "DepthToSpace": try importDepthToSpace(node)
        case "Resize", "Upsample": try importResize(node)
        case "Pad": try importPad(node)
        case "Shape", "Gather", "ConstantOfShape":
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) of a computed tensor's values (only of shapes and constants)")
        default:
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) is not supported")
        }
    }

    mutating func unary(_ node: ONNXNode, _ op: any GraphOp) throws(ONNXError) {
        let x = try runtime(node, 0)
        try add(node, op, inputs: [x.name], logical: x.logical)
    }

    mutating func flatten(_ node: ONNXNode, _ x: (name: String, shape: [Int], logical: [Int])) throws(ONNXError) {
        if x.shape.count == 1 {
            values[node.outputs[0]] = .node(x.name, logical: x.shape)
        } else {
            try add(node, FlattenOp(), inputs: [x.name])
        }
    }

    mutating func importConstant(_ node: ONNXNode) throws(ONNXError) {
        if let t = node.attribute("value")?.tensor {
            var t = t
            t.name = node.outputs[0]
            values[node.outputs[0]] = .constant(t)
        } else if let f = node.attribute("value_float")?.float {
            values[node.outputs[0]] = .constant(ONNXTensor(name: node.outputs[0], shape: [], floats: [f]))
        } else if let a = node.attribute("value_ints") {
            values[node.outputs[0]] = .constant(ONNXTensor(name: node.outputs[0], shape: [a.ints.count], int64s: a.ints))
        } else {
            throw .unsupportedUse(node: node.name, reason: "Constant without a tensor, value_float or value_ints")
        }
    }

    /// Pads [top, left, bottom, right] from ONNX `pads` plus `auto_pad` for an
    /// input of `size` (H, W). SAME pads so the output is ceil(size / stride).
    func autoPads(_ node: ONNXNode, kernel: [Int], dilation: [Int], stride: [Int], size: [Int]) throws(ONNXError) -> [Int] {
        switch node.string("auto_pad", default: "NOTSET") {
        case "NOTSET": return try ints(node, "pads", default: [0, 0, 0, 0], count: 4)
        case "VALID": return [0, 0, 0, 0]
        case let mode where mode == "SAME_UPPER" || mode == "SAME_LOWER":
            var pads = [0, 0, 0, 0]
            for i in 0..<2 {
                let out = (size[i] + stride[i] - 1) / stride[i]
                let total = max(0, (out - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1 - size[i])
                let small = total / 2, large = total - small
                pads[i] = mode == "SAME_UPPER" ? small : large
                pads[i + 2] = mode == "SAME_UPPER" ? large : small
            }
            return pads
        case let other: throw .unsupportedUse(node: node.name, reason: "auto_pad \(other)")
        }
    }

    /// Splits [top, left, bottom, right] into the symmetric part a Conv or pool
    /// takes and what is left for an explicit pad before it.
    static func symmetricPart(_ pads: [Int]) -> (symmetric: [Int], extra: [Int]) {
        let h = min(pads[0], pads[2]), w = min(pads[1], pads[3])
        return ([h, w], [pads[0] - h, pads[1] - w, pads[2] - h, pads[3] - w])
    }

    mutating func importConv(_ node: ONNXNode) throws(ONNXError) {
        guard let v = values[node.inputs.first ?? ""] else { throw .invalidGraph("Conv '\(node.name)' has no input") }
        var prePad = [0, 0, 0, 0]
        var source: String
        switch v {
        case .padded(let s, let pads, _): source = s; prePad = pads
        case .constant: throw .unsupportedUse(node: node.name, reason: "Conv of a constant")
        default: source = try spatial(node, 0).name
        }
        let shape = Self.nchw(graph.shapes[source]!)
        let w = try requiredConstant(node, 1)
        guard w.dims.count == 4, shape.count == 3 else {
            throw .unsupportedUse(node: node.name, reason: "only 2-D Conv is supported (weight dims \(w.dims))")
        }
        let group = try int(node, "group", default: 1)
        let kernel = try ints(node, "kernel_shape", default: [w.dims[2], w.dims[3]], count: 2, minimum: 1)
        let stride = try ints(node, "strides", default: [1, 1], count: 2, minimum: 1)
        let dilation = try ints(node, "dilations", default: [1, 1], count: 2, minimum: 1)
        var pads = try autoPads(node, kernel: kernel, dilation: dilation, stride: stride, size: [shape[1], shape[2]])
        for i in 0..<4 { pads[i] += prePad[i] }
        // Asymmetric padding (TensorFlow's SAME with stride 2): the excess as an explicit zero pad.
        let (symmetric, extra) = Self.symmetricPart(pads)
        if extra.contains(where: { $0 > 0 }) {
            source = try addNode(named: "\(nodeName(node))_pad", PadOp(top: extra[0], left: extra[1], bottom: extra[2], right: extra[3], mode: .constant(0)),
                                 inputs: [source], node: node)
            pads = [symmetric[0], symmetric[1], symmetric[0], symmetric[1]]
        }
        let cout = w.dims[0], cin = shape[0]
        guard group >= 1, cin % group == 0, cout % group == 0, w.dims[1] * group == cin,
              kernel == [w.dims[2], w.dims[3]] else {
            throw .invalidGraph("Conv '\(node.name)': weight \(w.dims), group \(group) do not fit input \(shape)")
        }
        let geometry = ConvGeometry(inChannels: cin, outChannels: cout, kernelH: kernel[0], kernelW: kernel[1],
                                    strideH: stride[0], strideW: stride[1], padH: pads[0], padW: pads[1],
                                    dilationH: dilation[0], dilationW: dilation[1], groups: group)
        var p = ["weight": try tensor(w)]
        if let b = try constant(node, 2) { p["bias"] = try tensor(b, shape: [cout]) }
        try add(node, Conv2DOp(geometry, bias: p["bias"] != nil), inputs: [source], parameters: p)
    }

    mutating func importConvTranspose(_ node: ONNXNode) throws(ONNXError) {
        let x = try spatial(node, 0)
        let w = try requiredConstant(node, 1)
        guard w.dims.count == 4, x.shape.count == 3 else { throw .unsupportedUse(node: node.name, reason: "only 2-D ConvTranspose") }
        guard node.attribute("output_shape") == nil else { throw .unsupportedUse(node: node.name, reason: "output_shape; use pads and output_padding") }
        let group = try int(node, "group", default: 1)
        let kernel = try ints(node, "kernel_shape", default: [w.dims[2], w.dims[3]], count: 2, minimum: 1)
        let stride = try ints(node, "strides", default: [1, 1], count: 2, minimum: 1)
        let dilation = try ints(node, "dilations", default: [1, 1], count: 2, minimum: 1)
        let outPad = try ints(node, "output_padding", default: [0, 0], count: 2)
        guard ["NOTSET", "VALID"].contains(node.string("auto_pad", default: "NOTSET")) else {
            throw .unsupportedUse(node: node.name, reason: "auto_pad SAME on ConvTranspose")
        }
        let pads = try ints(node, "pads", default: [0, 0, 0, 0], count: 4)
        guard pads[0] == pads[2], pads[1] == pads[3] else { throw .unsupportedUse(node: node.name, reason: "asymmetric padding \(pads)") }
        let cin = x.shape[0], cout = w.dims[1] * max(group, 1)
        guard group >= 1, w.dims[0] == cin, cin % group == 0, kernel == [w.dims[2], w.dims[3]],
              (0..<2).allSatisfy({ outPad[$0] < stride[$0] || outPad[$0] < dilation[$0] }) else {
            throw .invalidGraph("ConvTranspose '\(node.name)': weight \(w.dims), group \(group) do not fit input \(x.shape)")
        }
        let geometry = ConvTransposeGeometry(inChannels: cin, outChannels: cout, kernelH: kernel[0], kernelW: kernel[1],
                                             strideH: stride[0], strideW: stride[1], padH: pads[0], padW: pads[1],
                                             outputPadH: outPad[0], outputPadW: outPad[1],
                                             dilationH: dilation[0], dilationW: dilation[1], groups: group)
        var p = ["weight": try tensor(w)]
        if let b = try constant(node, 2) { p["bias"] = try tensor(b, shape: [cout]) }
        try add(node, ConvTranspose2DOp(geometry, bias: p["bias"] != nil), inputs: [x.name], parameters: p)
    }

    /// Gemm (op(A) · op(B) · alpha + C · beta) and MatMul with a constant right side, as a linear layer.
    /// With transA=1, A must be features already swapped to [K, N]: the two transposes cancel.
    mutating func importLinear(_ node: ONNXNode) throws(ONNXError) {
        let isGemm = node.opType == "Gemm"
        let x: (name: String, shape: [Int])
        if isGemm && node.int("transA", default: 0) != 0 {
            guard case .swappedFeatures(let name, let k) = values[node.inputs.first ?? ""] else {
                throw .unsupportedUse(node: node.name, reason: "Gemm with transA=1 reads its input as [features, N]; dqss takes that only after a Transpose(perm [1, 0]) of [N, features] or a batch-1 Reshape to [features, 1] (export with transA=0 otherwise)")
            }
            x = (name, [k])
        } else {
            let f = try flat(node, 0)
            x = (f.name, f.shape)
        }
        let b = try requiredConstant(node, 1)
        guard b.dims.count == 2 else { throw .unsupportedUse(node: node.name, reason: "weight of rank \(b.dims.count)") }
        let transB = isGemm && node.int("transB", default: 0) == 1
        let (outF, inF) = transB ? (b.dims[0], b.dims[1]) : (b.dims[1], b.dims[0])
        guard inF == x.shape[0] else { throw .invalidGraph("\(node.opType) '\(node.name)': weight \(b.dims) does not fit \(x.shape[0]) features") }
        var w = try b.floats()
        if !transB {
            var t = [Float](repeating: 0, count: w.count)
            for i in 0..<inF { for o in 0..<outF { t[o * inF + i] = w[i * outF + o] } }
            w = t
        }
        let alpha = isGemm ? node.float("alpha", default: 1) : 1
        if alpha != 1 { w = w.map { $0 * alpha } }
        var p = ["weight": Tensor(shape: [outF, inF], scalars: w)]
        if isGemm, let c = try constant(node, 2) {
            let beta = node.float("beta", default: 1)
            var v = try c.floats()
            if v.count == 1 { v = [Float](repeating: v[0], count: outF) }
            guard v.count == outF else { throw .unsupportedUse(node: node.name, reason: "Gemm C of \(v.count) values for \(outF) outputs") }
            p["bias"] = Tensor(shape: [outF], scalars: v.map { $0 * beta })
        }
        try add(node, LinearOp(inFeatures: inF, outFeatures: outF, bias: p["bias"] != nil), inputs: [x.name], parameters: p)
    }

    mutating func rewrite(_ name: String, _ op: any GraphOp, bias: [Float]) throws(ONNXError) {
        graph.parameters["\(name).bias"] = Tensor(shape: [bias.count], scalars: bias)
        do {
            try graph.replaceOp(of: name, with: op, generator: &generator)
        } catch {
            throw .invalidGraph(error.errorDescription ?? "\(error)")
        }
    }

    mutating func importPool(_ node: ONNXNode) throws(ONNXError) {
        var x = try spatial(node, 0)
        guard x.shape.count == 3 else { throw .unsupportedUse(node: node.name, reason: "2-D pooling needs NCHW input") }
        guard let kernel0 = node.ints("kernel_shape") else { throw .invalidGraph("\(node.opType) '\(node.name)' has no kernel_shape") }
        let kernel = try ints(node, "kernel_shape", default: kernel0, count: 2, minimum: 1)
        let stride = try ints(node, "strides", default: [1, 1], count: 2, minimum: 1)
        guard (node.ints("dilations") ?? [1, 1]) == [1, 1] else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) with dilations")
        }
        let isMax = node.opType == "MaxPool"
        let countIncludePad = node.int("count_include_pad", default: 0) != 0
        var pads = try autoPads(node, kernel: kernel, dilation: [1, 1], stride: stride, size: [x.shape[1], x.shape[2]])
        // SAME pooling is computed over the real inputs only: ONNX Runtime divides by them.
        let autoSame = node.string("auto_pad", default: "NOTSET").hasPrefix("SAME")
        let (symmetric, extra) = Self.symmetricPart(pads)
        if extra.contains(where: { $0 > 0 }) {
            // Max: the excess as −∞ padding. Average: only when padding counts (zeros).
            guard isMax || (countIncludePad && !autoSame) else {
                throw .unsupportedUse(node: node.name, reason: "AveragePool with asymmetric padding \(pads) that does not count the padding")
            }
            let name = try addNode(named: "\(nodeName(node))_pad", PadOp(top: extra[0], left: extra[1], bottom: extra[2], right: extra[3],
                                                                         mode: .constant(isMax ? -.infinity : 0)),
                                   inputs: [x.name], node: node)
            x = (name, Self.nchw(graph.shapes[name]!))
            pads = [symmetric[0], symmetric[1], symmetric[0], symmetric[1]]
        }
        guard 2 * pads[0] <= kernel[0], 2 * pads[1] <= kernel[1] else {
            throw .unsupportedUse(node: node.name, reason: "padding \(pads) larger than half the kernel \(kernel)")
        }
        var geometry = PoolGeometry(kernelH: kernel[0], kernelW: kernel[1], strideH: stride[0], strideW: stride[1],
                                    padH: pads[0], padW: pads[1])
        geometry.ceilMode = node.int("ceil_mode", default: 0) != 0
        if isMax {
            guard node.outputs.count == 1 || node.outputs[1].isEmpty else { throw .unsupportedUse(node: node.name, reason: "MaxPool indices output") }
            try add(node, MaxPoolOp(geometry), inputs: [x.name])
        } else {
            try add(node, AvgPoolOp(geometry, countIncludePad: countIncludePad), inputs: [x.name])
        }
    }

    /// CRD is PyTorch's PixelShuffle order. DCR (the default) is turned into
    /// CRD by permuting the output channels of the producing convolution.
    mutating func importDepthToSpace(_ node: ONNXNode) throws(ONNXError) {
        let x = try spatial(node, 0)
        let r = try int(node, "blocksize", default: 0)
        guard r >= 1, x.shape.count == 3, x.shape[0] % (r * r) == 0 else {
            throw .unsupportedUse(node: node.name, reason: "DepthToSpace blocksize \(r) for input \(x.shape)")
        }
        let mode = node.string("mode", default: "DCR")
        if mode == "DCR" && r > 1 {
            guard let producer = graph.node(named: x.name), let conv = producer.op as? Conv2DOp,
                  consumerCount[node.inputs[0]] == 1 else {
                throw .unsupportedUse(node: node.name, reason: "DepthToSpace mode DCR is supported only right after a Conv (its channels are reordered to CRD); export with mode CRD")
            }
            let c = x.shape[0] / (r * r)
            // CRD channel k = ch·r² + i·r + j takes DCR channel (i·r + j)·C + ch.
            var perm = [Int](repeating: 0, count: x.shape[0])
            for ch in 0..<c { for ij in 0..<(r * r) { perm[ch * r * r + ij] = ij * c + ch } }
            let w = graph.parameters["\(x.name).weight"]!
            let per = w.count / x.shape[0]
            var nw = w.scalars
            for k in perm.indices { for t in 0..<per { nw[k * per + t] = w.scalars[perm[k] * per + t] } }
            graph.parameters["\(x.name).weight"] = Tensor(shape: w.shape, scalars: nw)
            if conv.hasBias, let b = graph.parameters["\(x.name).bias"] {
                graph.parameters["\(x.name).bias"] = Tensor(shape: b.shape, scalars: perm.map { b.scalars[$0] })
            }
        } else if mode != "CRD" && mode != "DCR" {
            throw .unsupportedUse(node: node.name, reason: "DepthToSpace mode \(mode)")
        }
        try add(node, PixelShuffleOp(upscale: r), inputs: [x.name])
    }

    /// Resize and Upsample on H and W. Integer factors that repeat pixels or
    /// blend them half-pixel become `UpsampleOp`; every other nearest or
    /// linear form becomes `ResizeOp` with ONNX Runtime's coordinate rules.
    mutating func importResize(_ node: ONNXNode) throws(ONNXError) {
        let x = try spatial(node, 0)
        guard x.shape.count == 3 else { throw .unsupportedUse(node: node.name, reason: "\(node.opType) needs NCHW input") }
        // Upsample and opset-10 Resize: scales only, asymmetric coordinates.
        let legacy = node.opType == "Upsample" || model.opsetVersion < 11
        var scales: [Double] = []
        var sizes: [Int]?
        if node.opType == "Upsample", let a = node.attribute("scales") {
            scales = a.floats.map(Double.init)
        } else if legacy {
            scales = try numbers(node, 1) ?? []
        } else {
            let axes = node.ints("axes")?.map { $0 < 0 ? $0 + 4 : $0 }
            guard axes == nil || axes == [2, 3] else {
                throw .unsupportedUse(node: node.name, reason: "Resize over axes \(node.ints("axes") ?? []); only H and W (2, 3)")
            }
            if let v = try numbers(node, 2), !v.isEmpty { scales = axes == nil ? v : [1, 1] + v }
            if scales.isEmpty, let folded = try folded(node, 3) {
                // Sizes are often Concat(Shape(x)[0:2], [H', W']): only H' and W' need be known.
                let v = axes == nil ? folded.values : [nil, nil] + folded.values
                guard v.count == 4, let h = v[2], let w = v[3], h >= 1, w >= 1, h <= Double(Self.maxAttribute), w <= Double(Self.maxAttribute),
                      h == h.rounded(), w == w.rounded() else {
                    throw .unsupportedUse(node: node.name, reason: "Resize sizes \(FoldedValues(v).description); needs known H and W")
                }
                guard node.string("keep_aspect_ratio_policy", default: "stretch") == "stretch" else {
                    throw .unsupportedUse(node: node.name, reason: "Resize keep_aspect_ratio_policy \(node.string("keep_aspect_ratio_policy", default: "")); only stretch (give the sizes themselves)")
                }
                sizes = [Int(h), Int(w)]
                scales = [1, 1, h / Double(x.shape[1]), w / Double(x.shape[2])]
            }
        }
        guard scales.count == 4, scales[0] == 1, scales[1] == 1,
              scales[2...].allSatisfy({ $0 > 0 && $0 <= 64 && $0 * Double(Self.maxAttribute) >= 1 }) else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) scales \(scales); only H and W, by factors up to 64")
        }
        let mode = node.string("mode", default: "nearest")
        guard let interpolation = ["nearest": Resize.Interpolation.nearest, "linear": .linear, "bilinear": .linear][mode] else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) mode \(mode); only nearest and linear (export with one of those)")
        }
        let coordName = legacy ? "asymmetric" : node.string("coordinate_transformation_mode", default: "half_pixel")
        guard let coordinates = Resize.CoordinateMode(rawValue: coordName) else {
            throw .unsupportedUse(node: node.name, reason: "Resize coordinate_transformation_mode \(coordName); only \(Resize.CoordinateMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let downscales = scales[2] < 1 || scales[3] < 1
        var nearest = Resize.NearestMode.roundPreferFloor
        if legacy {
            // ONNX Runtime's "simple" rounding of these ops: floor when enlarging, ceil when shrinking.
            guard !(downscales && (scales[2] > 1 || scales[3] > 1)) else {
                throw .unsupportedUse(node: node.name, reason: "\(node.opType) that enlarges one axis and shrinks the other; export with Resize (opset 11 or later)")
            }
            nearest = downscales ? .ceil : .floor
        } else {
            let name = node.string("nearest_mode", default: "round_prefer_floor")
            guard let m = Resize.NearestMode(rawValue: name) else {
                throw .unsupportedUse(node: node.name, reason: "Resize nearest_mode \(name); only \(Resize.NearestMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            nearest = m
        }
        if interpolation == .linear && downscales && node.int("antialias", default: 0) != 0 {
            throw .unsupportedUse(node: node.name, reason: "Resize with antialias when shrinking; export without antialias")
        }
        let sampling = Resize.Sampling(interpolation, coordinates: coordinates, nearest: nearest)
        if scales[2] == scales[3], scales[2] >= 2, scales[2] == scales[2].rounded(), Self.isUpsample(sampling, factor: Int(scales[2])) {
            try add(node, UpsampleOp(factor: Int(scales[2]), mode: interpolation == .linear ? .bilinear : .nearest), inputs: [x.name])
            return
        }
        let extents: [ResizeOp.Extent] = sizes.map { [.size($0[0]), .size($0[1])] } ?? [.scale(Float(scales[2])), .scale(Float(scales[3]))]
        try add(node, ResizeOp(height: extents[0], width: extents[1], sampling: sampling), inputs: [x.name])
    }

    /// Whether `sampling` by an integer `factor` is what `UpsampleOp` computes:
    /// each pixel repeated (source floor(o / factor)), or half-pixel bilinear.
    static func isUpsample(_ s: Resize.Sampling, factor: Int) -> Bool {
        let halfPixel = s.coordinates == .halfPixel || s.coordinates == .pytorchHalfPixel
        switch s.interpolation {
        case .linear: return halfPixel
        case .nearest:
            // Half-pixel sources lie within ±(1/2 − 1/(2·factor)) of floor(o / factor); asymmetric ones at o / factor.
            if halfPixel { return s.nearest == .roundPreferFloor || s.nearest == .roundPreferCeil }
            return s.coordinates == .asymmetric && (s.nearest == .floor || s.nearest == .roundPreferFloor && factor <= 2)
        }
    }

    mutating func importPad(_ node: ONNXNode) throws(ONNXError) {
        var pads: [Int]
        var value: Double = Double(node.float("value", default: 0))
        if model.opsetVersion < 11 {
            pads = try ints(node, "pads", default: [], count: 8)
        } else {
            guard let p = try integers(node, 1) else { throw .unsupportedUse(node: node.name, reason: "Pad needs pads") }
            pads = p
            if let v = try numbers(node, 2) { value = v.first ?? 0 }
            if let axes = try integers(node, 3) {
                // Opset 18: pads for the listed axes only.
                guard pads.count == 2 * axes.count else { throw .unsupportedUse(node: node.name, reason: "Pad of \(pads.count) values for axes \(axes)") }
                var full = [Int](repeating: 0, count: 8)
                for (i, a) in axes.enumerated() {
                    let axis = a < 0 ? a + 4 : a
                    guard (0..<4).contains(axis) else { throw .unsupportedUse(node: node.name, reason: "Pad axis \(a)") }
                    full[axis] = pads[i]
                    full[axis + 4] = pads[i + axes.count]
                }
                pads = full
            }
        }
        let mode = node.string("mode", default: "constant")
        guard pads.count == 8, pads[0] == 0, pads[1] == 0, pads[4] == 0, pads[5] == 0,
              pads.allSatisfy({ $0 >= 0 && $0 <= Self.maxAttribute }), value.isFinite || value == -.infinity else {
            throw .unsupportedUse(node: node.name, reason: "Pad \(pads) value \(value); only non-negative padding of H and W")
        }
        let x = try spatial(node, 0)
        guard x.shape.count == 3 else { throw .unsupportedUse(node: node.name, reason: "Pad needs an NCHW input") }
        let hw = [pads[2], pads[3], pads[6], pads[7]]
        if mode == "constant" && value == 0 {
            // Kept pending: a Conv that follows absorbs it into its own padding.
            let logical = [x.shape[0], x.shape[1] + pads[2] + pads[6], x.shape[2] + pads[3] + pads[7]]
            values[node.outputs[0]] = .padded(x.name, pads: hw, logical: logical)
            return
        }
        let padMode: PadOp.Mode
        switch mode {
        case "constant": padMode = .constant(Float(value))
        case "reflect": padMode = .reflect
        case "edge": padMode = .edge
        default: throw .unsupportedUse(node: node.name, reason: "Pad mode \(mode); only constant, reflect and edge")
        }
        try add(node, PadOp(top: hw[0], left: hw[1], bottom: hw[2], right: hw[3], mode: padMode), inputs: [x.name])
    }
}
