import Foundation

/// Constant folding of shape sub-graphs: Shape, Gather, Slice, Concat,
/// Unsqueeze/Squeeze, Cast, ConstantOfShape and integer arithmetic on them
/// run at import, so a Reshape or Resize downstream sees a known target.
extension ONNXImporter {
    static let foldableOps: Set<String> = ["Shape", "Gather", "Slice", "Concat", "Unsqueeze", "Squeeze", "Cast",
                                           "Identity", "Add", "Sub", "Mul", "Div", "ConstantOfShape", "Reshape"]

    /// Whether `node` computes a shape value from shapes and small constants only.
    func isFoldable(_ node: ONNXNode) -> Bool {
        guard Self.foldableOps.contains(node.opType) else { return false }
        if node.opType == "Shape" { return true }
        let present = node.inputs.filter { !$0.isEmpty }
        guard !present.isEmpty else { return false }
        // Only when an input is a folded shape value or an integer constant:
        // float weights stay weights (Identity, Unsqueeze of a bias…).
        var sawFolded = false
        for name in present {
            switch values[name] {
            case .folded: sawFolded = true
            case .constant(let t):
                guard t.elementCount <= FoldedValues.maxCount else { return false }
                if t.dataType != ONNXTensor.DataType.float.rawValue && t.dataType != ONNXTensor.DataType.double.rawValue { sawFolded = true }
            default: return false
            }
        }
        return sawFolded
    }

    mutating func fold(_ node: ONNXNode) throws(ONNXError) {
        let result: FoldedValues
        switch node.opType {
        case "Shape":
            guard let v = values[node.inputs.first ?? ""] else { throw .invalidGraph("Shape '\(node.name)' has no input") }
            var dims: [Double?]
            switch v {
            case .node(_, let logical), .padded(_, _, let logical), .channelGroups(_, _, _, let logical), .channelsLast(_, let logical):
                dims = [nil] + logical.map(Double.init)
            case .swappedFeatures(_, let k): dims = [Double(k), nil]
            case .constant(let t): dims = t.dims.map(Double.init)
            case .folded(let f): dims = f.isScalar ? [] : [Double(f.values.count)]
            case .unavailable: throw .invalidGraph("Shape '\(node.name)' reads a failed input")
            }
            let rank = dims.count
            var start = try int(node, "start", default: 0), end = try int(node, "end", default: rank)
            if start < 0 { start += rank }
            if end < 0 { end += rank }
            start = min(max(start, 0), rank)
            end = min(max(end, start), rank)
            result = FoldedValues(Array(dims[start..<end]))
        case "Gather":
            let data = try operand(node, 0)
            let indices = try operand(node, 1)
            guard try int(node, "axis", default: 0) == 0, !data.isScalar else {
                throw .unsupportedUse(node: node.name, reason: "Gather on a shape value needs axis 0 of a vector")
            }
            guard let known = indices.known else { throw .unsupportedUse(node: node.name, reason: "Gather with indices that depend on the batch size") }
            let picked = try known.map { d throws(ONNXError) -> Double? in
                guard abs(d) <= Double(FoldedValues.maxCount) else {
                    throw .unsupportedUse(node: node.name, reason: "Gather index \(d) outside a shape of \(data.values.count) values")
                }
                var i = Int(d)
                if i < 0 { i += data.values.count }
                guard i >= 0, i < data.values.count else {
                    throw .unsupportedUse(node: node.name, reason: "Gather index \(d) outside a shape of \(data.values.count) values")
                }
                return data.values[i]
            }
            result = FoldedValues(picked, isScalar: indices.isScalar, isInteger: data.isInteger)
        case "Slice":
            let data = try operand(node, 0)
            guard !data.isScalar else { throw .unsupportedUse(node: node.name, reason: "Slice of a scalar") }
            let bounds = try sliceBounds(node, rank: 1, axisLengths: [data.values.count])
            guard let b = bounds.first else { result = data; break }
            var picked: [Double?] = []
            var i = b.start
            while b.step > 0 ? i < b.end : i > b.end {
                picked.append(data.values[i])
                i += b.step
            }
            result = FoldedValues(picked, isInteger: data.isInteger)
        case "Concat":
            var all: [Double?] = []
            var integer = true
            for k in node.inputs.indices where !node.inputs[k].isEmpty {
                let f = try operand(node, k)
                all += f.values
                integer = integer && f.isInteger
            }
            result = FoldedValues(all, isInteger: integer)
        case "Unsqueeze", "Squeeze", "Reshape", "Identity":
            var f = try operand(node, 0)
            f.isScalar = node.opType == "Squeeze" && f.values.count == 1
            if node.opType == "Reshape", let shape = try integers(node, 1), shape.isEmpty { f.isScalar = true }
            result = f
        case "Cast":
            var f = try operand(node, 0)
            let to = try int(node, "to", default: 1)
            f.isInteger = ![1, 10, 11, 16].contains(to)
            if f.isInteger { f.values = f.values.map { $0.map { $0.rounded(.towardZero) } } }
            result = f
        case "ConstantOfShape":
            guard let shape = try integers(node, 0), shape.allSatisfy({ $0 >= 0 }) else {
                throw .unsupportedUse(node: node.name, reason: "ConstantOfShape of a shape that depends on the batch size")
            }
            let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
            guard count <= FoldedValues.maxCount else {
                throw .unsupportedUse(node: node.name, reason: "ConstantOfShape of \(shape) is larger than a shape value")
            }
            let fill = node.attribute("value")?.tensor
            let v = try fill.map { t throws(ONNXError) in try t.numbers().first ?? 0 } ?? 0
            let integer = fill.map { $0.dataType != ONNXTensor.DataType.float.rawValue && $0.dataType != ONNXTensor.DataType.double.rawValue } ?? false
            if integer {
                result = FoldedValues([Double?](repeating: v, count: count), isScalar: shape.isEmpty, isInteger: true)
            } else {
                // Float constants (a fill value for Pad or Clip) stay tensors.
                values[node.outputs[0]] = .constant(ONNXTensor(name: node.outputs[0], shape: shape,
                                                               floats: [Float](repeating: Float(v), count: count)))
                return
            }
        default:
            result = try arithmetic(node)
        }
        values[node.outputs[0]] = .folded(result)
    }

    func operand(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> FoldedValues {
        guard let f = try folded(node, index) else { throw .unsupportedUse(node: node.name, reason: "\(node.opType) needs input \(index)") }
        return f
    }

    /// Element-wise Add/Sub/Mul/Div with scalar broadcasting; the batch size stays unknown.
    func arithmetic(_ node: ONNXNode) throws(ONNXError) -> FoldedValues {
        let a = try operand(node, 0), b = try operand(node, 1)
        let n = max(a.values.count, b.values.count)
        guard a.values.count == n || a.values.count == 1, b.values.count == n || b.values.count == 1 else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) of shape values of \(a.values.count) and \(b.values.count) elements")
        }
        let integer = a.isInteger && b.isInteger
        let out: [Double?] = (0..<n).map { i in
            guard let x = a.values[a.values.count == 1 ? 0 : i], let y = b.values[b.values.count == 1 ? 0 : i] else { return nil }
            switch node.opType {
            case "Add": return x + y
            case "Sub": return x - y
            case "Mul": return x * y
            default:
                guard y != 0 else { return integer ? 0 : x / y }
                return integer ? (x / y).rounded(.towardZero) : x / y
            }
        }
        return FoldedValues(out, isScalar: a.isScalar && b.isScalar, isInteger: integer)
    }

    /// Slice's (start, end, step) per sliced axis, clamped as ONNX specifies,
    /// from inputs (opset ≥ 10) or attributes. Axes are returned in order.
    func sliceBounds(_ node: ONNXNode, rank: Int, axisLengths: [Int]) throws(ONNXError) -> [(axis: Int, start: Int, end: Int, step: Int)] {
        let starts: [Int], ends: [Int]
        var axes: [Int]?, steps: [Int]?
        if model.opsetVersion >= 10 {
            guard let s = try integers(node, 1, clamp: true), let e = try integers(node, 2, clamp: true) else {
                throw .unsupportedUse(node: node.name, reason: "Slice needs starts and ends")
            }
            starts = s
            ends = e
            axes = try integers(node, 3)
            steps = try integers(node, 4)
        } else {
            starts = (node.ints("starts") ?? []).map { min(max($0, -Self.maxAttribute), Self.maxAttribute) }
            ends = (node.ints("ends") ?? []).map { min(max($0, -Self.maxAttribute), Self.maxAttribute) }
            axes = try node.ints("axes").map { _ throws(ONNXError) in try ints(node, "axes", default: [], minimum: -rank) }
        }
        let k = starts.count
        let ax = axes ?? Array(0..<k)
        let st = steps ?? [Int](repeating: 1, count: k)
        guard ends.count == k, ax.count == k, st.count == k else {
            throw .unsupportedUse(node: node.name, reason: "Slice with \(k) starts, \(ends.count) ends, \(ax.count) axes, \(st.count) steps")
        }
        var out: [(axis: Int, start: Int, end: Int, step: Int)] = []
        for i in 0..<k {
            var a = ax[i]
            if a < 0 { a += rank }
            guard a >= 0, a < rank, a < axisLengths.count, st[i] != 0 else {
                throw .unsupportedUse(node: node.name, reason: "Slice axis \(ax[i]) or step \(st[i]) out of range for rank \(rank)")
            }
            let n = axisLengths[a]
            var s = starts[i] < 0 ? starts[i] + n : starts[i]
            var e = ends[i] < 0 ? ends[i] + n : ends[i]
            if st[i] > 0 {
                s = min(max(s, 0), n)
                e = min(max(e, 0), n)
            } else {
                s = min(max(s, -1), n - 1)
                e = min(max(e, -1), n - 1)
            }
            out.append((a, s, e, st[i]))
        }
        return out.sorted { $0.axis < $1.axis }
    }
}
