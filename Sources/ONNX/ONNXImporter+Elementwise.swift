import Tensor
import NeuralNet

/// Activations with bounds, softmax at the output, and binary ops with
/// broadcasting against per-channel constants or squeeze-excitation gates.
extension ONNXImporter {
    mutating func importClip(_ node: ONNXNode) throws(ONNXError) {
        var low: Double? = node.attribute("min")?.float.map(Double.init)
        var high: Double? = node.attribute("max")?.float.map(Double.init)
        if let v = try numbers(node, 1) { low = v.first }
        if let v = try numbers(node, 2) { high = v.first }
        if let l = low, l == -.infinity || l <= -Double(Float.greatestFiniteMagnitude) { low = nil }
        if let h = high, h == .infinity || h >= Double(Float.greatestFiniteMagnitude) { high = nil }
        if low == 0 && high == 6 {
            try unary(node, ReLU6Op())
        } else if low == 0 && high == nil {
            try unary(node, ReLUOp())
        } else {
            let lo = Float(low ?? -.infinity), hi = Float(high ?? .infinity)
            guard !lo.isNaN, !hi.isNaN, lo <= hi else {
                throw .unsupportedUse(node: node.name, reason: "Clip to [\(lo), \(hi)] is empty")
            }
            try unary(node, ClipOp(low: lo, high: hi))
        }
    }

    /// Softmax and LogSoftmax over the class axis of [N, K] (a classifier's output).
    mutating func importSoftmax(_ node: ONNXNode) throws(ONNXError) {
        let x = try flat(node, 0)
        let axis = try int(node, "axis", default: model.opsetVersion >= 13 ? -1 : 1)
        guard axis == 1 || axis == -1 else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) along axis \(axis) of [N, \(x.shape[0])]; only the class axis")
        }
        try add(node, SoftmaxOp(logarithm: node.opType == "LogSoftmax"), inputs: [x.name])
    }

    /// How a constant operand broadcasts against a tensor of ONNX per-sample shape `logical`.
    enum Broadcast {
        case scalar(Float)
        case perChannel([Float])
    }

    func broadcast(_ node: ONNXNode, constant t: ONNXTensor, against logical: [Int]) throws(ONNXError) -> Broadcast {
        let v = try t.floats()
        if v.count == 1 { return .scalar(v[0]) }
        let full = [1] + logical
        // Right-aligned, the constant may be non-1 only on the channel axis (1).
        let dims = t.dims
        let channels = logical.first ?? 0
        guard dims.count <= full.count, v.count == channels else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) by a constant of shape \(dims) on per-sample \(logical); only a scalar or one value per channel")
        }
        let offset = full.count - dims.count
        for (i, d) in dims.enumerated() where d != 1 && i + offset != 1 {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) by a constant of shape \(dims) on per-sample \(logical); only a scalar or one value per channel")
        }
        return .perChannel(v)
    }

    mutating func importBinary(_ node: ONNXNode) throws(ONNXError) {
        guard node.inputs.count == 2 else { throw .invalidGraph("\(node.opType) '\(node.name)' needs two inputs") }
        let constIndex = node.inputs.firstIndex { if case .constant = values[$0] { return true } else { return false } }
        guard let k = constIndex else { return try importComputedBinary(node) }
        let x = try runtime(node, 1 - k)
        let t = try requiredConstant(node, k)
        let b = try broadcast(node, constant: t, against: x.logical)
        let channels = graph.shapes[x.name]!.last ?? 0
        guard channels >= 1 else { throw .unsupportedUse(node: node.name, reason: "\(node.opType) of an empty tensor") }
        var scale: [Float], shift: [Float]
        switch (b, node.opType, k) {
        case (.scalar(let c), "Mul", _):
            try add(node, ScaleOp(factor: c), inputs: [x.name], logical: x.logical)
            return
        case (.scalar(let c), "Div", 1):
            guard c != 0 else { throw .unsupportedUse(node: node.name, reason: "Div by zero") }
            try add(node, ScaleOp(factor: 1 / c), inputs: [x.name], logical: x.logical)
            return
        case (_, "Div", 0): throw .unsupportedUse(node: node.name, reason: "Div of a constant by a tensor")
        case (.scalar(let c), _, _):
            scale = [Float](repeating: 1, count: channels)
            shift = [Float](repeating: c, count: channels)
        case (.perChannel(let c), _, _):
            guard c.count == channels else {
                throw .unsupportedUse(node: node.name, reason: "\(node.opType) of \(c.count) channel values on a tensor of \(channels) channels")
            }
            switch node.opType {
            case "Mul": scale = c; shift = [Float](repeating: 0, count: channels)
            case "Div":
                guard c.allSatisfy({ $0 != 0 }) else { throw .unsupportedUse(node: node.name, reason: "Div by a zero channel value") }
                scale = c.map { 1 / $0 }; shift = [Float](repeating: 0, count: channels)
            default: scale = [Float](repeating: 1, count: channels); shift = c
            }
        }
        if node.opType == "Sub" {
            // x − c = x + (−c); c − x = −x + c.
            if k == 1 { shift = shift.map { -$0 } } else { scale = scale.map { -$0 } }
        }
        let isShift = scale.allSatisfy { $0 == 1 }
        // A bias after MatMul or a bias-free Conv: fold it into that layer.
        if isShift, let producer = graph.node(named: x.name), consumerCount[node.inputs[1 - k]] == 1, x.shape == x.logical {
            if var fc = producer.op as? LinearOp, !fc.hasBias, x.shape.count == 1 {
                fc.hasBias = true
                try rewrite(x.name, fc, bias: shift)
                values[node.outputs[0]] = .node(x.name, logical: x.logical)
                return
            }
            if var conv = producer.op as? Conv2DOp, !conv.hasBias {
                conv.hasBias = true
                try rewrite(x.name, conv, bias: shift)
                values[node.outputs[0]] = .node(x.name, logical: x.logical)
                return
            }
        }
        if isShift, graph.shapes[x.name]!.count == 3 {
            try add(node, MeanShiftOp(offsets: shift), inputs: [x.name], logical: x.logical)
        } else {
            try add(node, ChannelAffineOp(scale: scale, shift: shift), inputs: [x.name], logical: x.logical)
        }
    }

    /// Two computed operands: same shapes (residual Add, x·sigmoid(x)), or a
    /// feature map times a [C, 1, 1] gate (squeeze-excitation).
    mutating func importComputedBinary(_ node: ONNXNode) throws(ONNXError) {
        let a = try runtime(node, 0), b = try runtime(node, 1)
        if a.logical == b.logical {
            let (l, r) = a.logical.count == 3 ? (try spatial(node, 0).name, try spatial(node, 1).name) : (a.name, b.name)
            guard graph.shapes[l] == graph.shapes[r] else {
                throw .unsupportedUse(node: node.name, reason: "\(node.opType) of tensors laid out as \(graph.shapes[l]!) and \(graph.shapes[r]!)")
            }
            switch node.opType {
            case "Add": try add(node, AddOp(), inputs: [l, r], logical: a.logical)
            case "Mul": try add(node, MultiplyOp(), inputs: [l, r], logical: a.logical)
            case "Sub":
                let negated = try addNode(named: "\(nodeName(node))_negate", ScaleOp(factor: -1), inputs: [r], node: node)
                try add(node, AddOp(), inputs: [l, negated], logical: a.logical)
            default: throw .unsupportedUse(node: node.name, reason: "Div of two computed tensors")
            }
            return
        }
        guard node.opType == "Mul", a.logical.count == 3, b.logical.count == 3 else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) of per-sample \(a.logical) and \(b.logical); only equal shapes, or Mul of a map by a [C, 1, 1] gate")
        }
        let gateIndex = b.logical == [a.logical[0], 1, 1] ? 1 : a.logical == [b.logical[0], 1, 1] ? 0 : -1
        guard gateIndex >= 0 else {
            throw .unsupportedUse(node: node.name, reason: "Mul of per-sample \(a.logical) and \(b.logical); only equal shapes or a [C, 1, 1] gate")
        }
        let map = try spatial(node, 1 - gateIndex), gate = try spatial(node, gateIndex)
        try add(node, ChannelMultiplyOp(), inputs: [map.name, gate.name])
    }
}
