import Tensor
import NeuralNet

/// Ops that change how a tensor is viewed: Reshape, Flatten, Squeeze,
/// Unsqueeze, Transpose (channel shuffle), Concat, Split, Slice, ReduceMean.
/// Per-sample shapes below are ONNX's (channels first) without the batch.
extension ONNXImporter {
    /// Non-1 dimensions in order: two shapes with the same ones hold the same
    /// data in the same order when at most one of them is above 1.
    static func relabels(_ a: [Int], _ b: [Int]) -> Bool {
        let x = a.filter { $0 != 1 }, y = b.filter { $0 != 1 }
        return x == y && x.count <= 1
    }

    mutating func importReshape(_ node: ONNXNode) throws(ONNXError) {
        guard let v = values[node.inputs.first ?? ""] else { throw .invalidGraph("Reshape '\(node.name)' has no input") }
        if case .constant = v { return try reshapeConstant(node) }
        guard let target = try folded(node, 1) else { throw .unsupportedUse(node: node.name, reason: "Reshape needs a shape") }
        let allowZero = try int(node, "allowzero", default: 0) != 0
        if case .channelGroups(let name, let groups, let transposed, let logical) = v {
            let p = try perSample(node, target: target.values, from: logical, allowZero: allowZero)
            let full = Self.nchw(graph.shapes[name]!)
            guard p == full else {
                throw .unsupportedUse(node: node.name, reason: "Reshape of channel groups \(logical) to \(p); only back to \(full) (a channel shuffle)")
            }
            if transposed {
                try add(node, ChannelShuffleOp(groups: groups), inputs: [name])
            } else {
                values[node.outputs[0]] = .node(name, logical: full)
            }
            return
        }
        if case .channelsLast(let name, let logical) = v {
            let p = try perSample(node, target: target.values, from: logical, allowZero: allowZero)
            guard p.count == 1 else {
                throw .unsupportedUse(node: node.name, reason: "Reshape of an [N, H, W, C] tensor to per-sample \(p); only flattening to [N, features]")
            }
            try add(node, FlattenOp(channelsLast: true), inputs: [name])
            return
        }
        let x = try runtime(node, 0)
        let total = x.logical.reduce(1, *)
        if declaredBatch == 1, target.values.count == 2, target.values[1] == 1, target.values[0] == -1 || target.values[0] == Double(total) {
            // A batch-1 export's features as a column [K, 1], for a Gemm with transA=1.
            let name = x.logical.count == 1 ? try flat(node, 0).name
                : try addNode(named: "\(nodeName(node))_flatten", FlattenOp(), inputs: [x.name], node: node)
            values[node.outputs[0]] = .swappedFeatures(name, features: total)
            return
        }
        let p = try perSample(node, target: target.values, from: x.logical, allowZero: allowZero)
        if p == x.logical {
            values[node.outputs[0]] = .node(x.name, logical: p)
        } else if p.count == 1 {
            try flatten(node, x)
        } else if Self.relabels(p, x.logical) {
            values[node.outputs[0]] = .node(x.name, logical: p)
        } else if x.logical.count == 3, x.shape == x.logical, (p.count == 4 && p[2...] == x.logical[1...]) || (p.count == 3 && p[2] == x.logical[1] * x.logical[2]),
                  p[0] > 1, p[0] * p[1] == x.logical[0] {
            values[node.outputs[0]] = .channelGroups(x.name, groups: p[0], transposed: false, logical: p)
        } else {
            throw .unsupportedUse(node: node.name, reason: "Reshape of per-sample \(x.logical) to \(p); only flattening, adding or removing unit axes, or a channel shuffle")
        }
    }

    /// The per-sample shape a Reshape target names for an input of per-sample
    /// `logical`: the leading entry is the batch (nil, 0, −1, or a number when
    /// the rest already accounts for every per-sample element).
    func perSample(_ node: ONNXNode, target: [Double?], from logical: [Int], allowZero: Bool) throws(ONNXError) -> [Int] {
        let total = logical.reduce(1, *)
        guard !target.isEmpty, target.count <= 8 else { throw .unsupportedUse(node: node.name, reason: "Reshape to rank \(target.count)") }
        var rest: [Int] = []
        for (i, d) in target.enumerated().dropFirst() {
            guard let d else { throw .unsupportedUse(node: node.name, reason: "Reshape target axis \(i) depends on the batch size") }
            guard d == d.rounded(), d >= -1, d <= Double(ONNXTensor.maxElements) else {
                throw .unsupportedUse(node: node.name, reason: "Reshape target \(FoldedValues(target).description) is invalid")
            }
            var v = Int(d)
            if v == 0 && !allowZero {
                guard i - 1 < logical.count else { throw .unsupportedUse(node: node.name, reason: "Reshape copies axis \(i), which the input lacks") }
                v = logical[i - 1]
            }
            rest.append(v)
        }
        guard rest.filter({ $0 == -1 }).count <= 1 else { throw .unsupportedUse(node: node.name, reason: "Reshape with two −1 entries") }
        let known = Self.product(rest.filter { $0 != -1 })
        if let lead = target[0], lead > 0 {
            // A fixed leading size (a batch-1 export): the batch only if the rest holds one whole sample.
            guard !rest.contains(-1) ? known == total : (known > 0 && total % known == 0) else {
                throw .unsupportedUse(node: node.name, reason: "Reshape to \(FoldedValues(target).description) moves data across the batch axis")
            }
        } else if let lead = target[0], lead == -1 {
            guard !rest.contains(-1), known == total else {
                throw .unsupportedUse(node: node.name, reason: "Reshape with −1 on the batch axis and \(rest) per sample, for \(total) values per sample")
            }
        }
        if let hole = rest.firstIndex(of: -1) {
            guard known > 0, total % known == 0 else {
                throw .unsupportedUse(node: node.name, reason: "Reshape of \(total) values per sample to \(rest)")
            }
            rest[hole] = total / known
        }
        guard Self.product(rest) == total, rest.allSatisfy({ $0 >= 1 }) else {
            throw .unsupportedUse(node: node.name, reason: "Reshape of per-sample \(logical) to \(rest)")
        }
        return rest
    }

    /// Reshape, Flatten, Squeeze or Unsqueeze of a constant: the same values under new dims.
    mutating func reshapeConstant(_ node: ONNXNode) throws(ONNXError) {
        var t = try requiredConstant(node, 0)
        let dims = t.dims
        var out: [Int]
        switch node.opType {
        case "Flatten":
            var axis = try int(node, "axis", default: 1)
            if axis < 0 { axis += dims.count }
            guard axis >= 0, axis <= dims.count else { throw .unsupportedUse(node: node.name, reason: "Flatten axis \(axis)") }
            out = [Self.product(Array(dims[..<axis])), Self.product(Array(dims[axis...]))]
        case "Reshape":
            guard let target = try integers(node, 1) else { throw .unsupportedUse(node: node.name, reason: "Reshape needs a shape") }
            out = try target.enumerated().map { i, d throws(ONNXError) in
                guard d != 0 else {
                    guard i < dims.count else { throw .unsupportedUse(node: node.name, reason: "Reshape copies a missing axis") }
                    return dims[i]
                }
                return d
            }
            if let hole = out.firstIndex(of: -1) {
                let known = Self.product(out.filter { $0 != -1 })
                guard known > 0, t.elementCount % known == 0 else { throw .unsupportedUse(node: node.name, reason: "Reshape of \(dims) to \(target)") }
                out[hole] = t.elementCount / known
            }
        default:
            let axes = try unitAxes(node, rank: node.opType == "Squeeze" ? dims.count : dims.count + (try unitAxisCount(node)))
            if node.opType == "Squeeze" {
                let drop = axes ?? dims.indices.filter { dims[$0] == 1 }
                guard drop.allSatisfy({ dims[$0] == 1 }) else { throw .unsupportedUse(node: node.name, reason: "Squeeze of a non-unit axis") }
                out = dims.indices.filter { !drop.contains($0) }.map { dims[$0] }
            } else {
                guard let axes else { throw .unsupportedUse(node: node.name, reason: "Unsqueeze needs axes") }
                out = []
                var source = dims.makeIterator()
                for i in 0..<(dims.count + axes.count) { out.append(axes.contains(i) ? 1 : source.next() ?? 1) }
            }
        }
        guard out.allSatisfy({ $0 >= 0 }), Self.product(out) == t.elementCount else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) of a constant of \(dims) to \(out)")
        }
        t.dims = out
        t.name = node.outputs[0]
        values[node.outputs[0]] = .constant(t)
    }

    /// Squeeze/Unsqueeze axes (attribute before opset 13, input after), normalised to `rank`.
    func unitAxes(_ node: ONNXNode, rank: Int) throws(ONNXError) -> [Int]? {
        let raw: [Int]? = model.opsetVersion >= 13 ? try integers(node, 1) : node.ints("axes")
        guard let raw else { return nil }
        return try raw.map { a throws(ONNXError) in
            let v = a < 0 ? a + rank : a
            guard v >= 0, v < rank else { throw .unsupportedUse(node: node.name, reason: "\(node.opType) axis \(a) out of range for rank \(rank)") }
            return v
        }
    }

    func unitAxisCount(_ node: ONNXNode) throws(ONNXError) -> Int {
        (model.opsetVersion >= 13 ? try integers(node, 1) : node.ints("axes"))?.count ?? 0
    }

    mutating func importSqueeze(_ node: ONNXNode) throws(ONNXError) {
        if case .constant = values[node.inputs.first ?? ""] { return try reshapeConstant(node) }
        let x = try runtime(node, 0)
        let full = [0] + x.logical
        var out: [Int]
        if node.opType == "Squeeze" {
            let drop = try unitAxes(node, rank: full.count) ?? Array(full.indices.dropFirst().filter { full[$0] == 1 })
            guard !drop.contains(0), drop.allSatisfy({ full[$0] == 1 }) else {
                throw .unsupportedUse(node: node.name, reason: "Squeeze of axes \(drop) of per-sample \(x.logical); only unit axes after the batch")
            }
            out = full.indices.filter { $0 != 0 && !drop.contains($0) }.map { full[$0] }
        } else {
            guard let axes = try unitAxes(node, rank: full.count + (try unitAxisCount(node))), !axes.contains(0) else {
                throw .unsupportedUse(node: node.name, reason: "Unsqueeze before the batch axis")
            }
            out = []
            var source = full.dropFirst().makeIterator()
            for i in 1..<(full.count + axes.count) { out.append(axes.contains(i) ? 1 : source.next() ?? 1) }
        }
        guard out == x.shape || Self.relabels(out, x.logical) else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) of per-sample \(x.logical) to \(out)")
        }
        values[node.outputs[0]] = .node(x.name, logical: out)
    }

    mutating func importTranspose(_ node: ONNXNode) throws(ONNXError) {
        if case .channelGroups(let name, let groups, let transposed, let logical) = values[node.inputs.first ?? ""] {
            let perm = node.ints("perm") ?? []
            guard perm == [0, 2, 1] + Array(3..<(logical.count + 1)) else {
                throw .unsupportedUse(node: node.name, reason: "Transpose \(perm) of channel groups; only swapping the two group axes (a channel shuffle)")
            }
            var swapped = logical
            swapped.swapAt(0, 1)
            values[node.outputs[0]] = .channelGroups(name, groups: groups, transposed: !transposed, logical: swapped)
            return
        }
        if case .swappedFeatures(let name, let k) = values[node.inputs.first ?? ""] {
            guard node.ints("perm") ?? [1, 0] == [1, 0] else {
                throw .unsupportedUse(node: node.name, reason: "Transpose \(node.ints("perm") ?? []) of features transposed to [K, N]; only [1, 0] back")
            }
            values[node.outputs[0]] = .node(name, logical: [k])
            return
        }
        if case .channelsLast(let name, let logical) = values[node.inputs.first ?? ""] {
            guard node.ints("perm") == [0, 3, 1, 2] else {
                throw .unsupportedUse(node: node.name, reason: "Transpose \(node.ints("perm") ?? []) of an [N, H, W, C] tensor; only [0, 3, 1, 2] to channels-first")
            }
            values[node.outputs[0]] = .node(name, logical: [logical[2], logical[0], logical[1]])
            return
        }
        let x = try runtime(node, 0)
        let full = [1] + x.logical
        let perm = node.ints("perm") ?? Array((0..<full.count).reversed())
        if x.logical.count == 3 && perm == [0, 2, 3, 1] {
            // Channels-last again (tf2onnx before a Keras Flatten): the engine's layout, so nothing moves yet.
            let s = try spatial(node, 0)
            values[node.outputs[0]] = .channelsLast(s.name, logical: [s.shape[1], s.shape[2], s.shape[0]])
            return
        }
        if x.logical.count == 1 && perm == [1, 0] {
            // [N, K] → [K, N], for a Gemm with transA=1.
            values[node.outputs[0]] = .swappedFeatures(try flat(node, 0).name, features: x.logical[0])
            return
        }
        guard perm.sorted() == Array(0..<full.count), perm[0] == 0,
              perm.map({ full[$0] }) == full,
              perm.filter({ full[$0] != 1 }) == (0..<full.count).filter({ full[$0] != 1 }) else {
            throw .unsupportedUse(node: node.name, reason: "Transpose with perm \(perm) moves data; only no-op transposes and channel shuffles are supported")
        }
        values[node.outputs[0]] = values[node.inputs[0]]
    }

    /// The channel axis (1) of rank-`rank` ONNX tensors from a possibly negative axis.
    func channelAxis(_ node: ONNXNode, default value: Int, rank: Int) throws(ONNXError) -> Bool {
        var axis = try int(node, "axis", default: value)
        if axis < 0 { axis += rank }
        return axis == 1
    }

    mutating func importConcat(_ node: ONNXNode) throws(ONNXError) {
        let present = node.inputs.indices.filter { !node.inputs[$0].isEmpty }
        let first = try runtime(node, present.first ?? 0)
        guard try channelAxis(node, default: 1, rank: first.logical.count + 1) else {
            throw .unsupportedUse(node: node.name, reason: "Concat along axis \(node.int("axis", default: 1)); only channels (axis 1)")
        }
        var inputs: [String] = []
        for i in present {
            inputs.append(first.logical.count == 1 ? try flat(node, i).name : try spatial(node, i).name)
        }
        try add(node, ConcatOp(), inputs: inputs)
    }

    mutating func importSplit(_ node: ONNXNode) throws(ONNXError) {
        let r = try runtime(node, 0)
        guard try channelAxis(node, default: 0, rank: r.logical.count + 1) else {
            throw .unsupportedUse(node: node.name, reason: "Split along axis \(node.int("axis", default: 0)); only channels (axis 1)")
        }
        let x = r.logical.count == 1 ? try flat(node, 0).name : try spatial(node, 0).name
        let c = r.logical[0], n = node.outputs.count
        var sizes = model.opsetVersion >= 13 ? try integers(node, 1) : node.ints("split")
        if sizes == nil {
            let chunk = (c + n - 1) / n
            sizes = (0..<n).map { min(chunk, max(0, c - $0 * chunk)) }
        }
        guard let sizes, sizes.count == n, sizes.allSatisfy({ $0 >= 1 }), sizes.reduce(0, +) == c else {
            throw .unsupportedUse(node: node.name, reason: "Split of \(c) channels into \(sizes ?? []) for \(n) outputs")
        }
        var start = 0
        for (k, size) in sizes.enumerated() {
            defer { start += size }
            guard !node.outputs[k].isEmpty else { continue }
            var logical = r.logical
            logical[0] = size
            try add(node, SliceChannelsOp(start: start, count: size), inputs: [x], logical: logical, output: k)
        }
    }

    mutating func importSlice(_ node: ONNXNode) throws(ONNXError) {
        let r = try runtime(node, 0)
        let lengths = [Self.maxAttribute] + r.logical
        var logical = r.logical
        var channelRange: (Int, Int)?
        for b in try sliceBounds(node, rank: lengths.count, axisLengths: lengths) {
            let whole = b.step == 1 && b.start == 0 && b.end >= lengths[b.axis]
            if whole { continue }
            guard b.axis == 1, b.step == 1, b.end > b.start else {
                throw .unsupportedUse(node: node.name, reason: "Slice of axis \(b.axis) [\(b.start), \(b.end)) step \(b.step); only a contiguous range of channels")
            }
            channelRange = (b.start, b.end - b.start)
            logical[0] = b.end - b.start
        }
        guard let (start, count) = channelRange else {
            values[node.outputs[0]] = .node(r.name, logical: r.logical)
            return
        }
        let x = r.logical.count == 1 ? try flat(node, 0).name : try spatial(node, 0).name
        try add(node, SliceChannelsOp(start: start, count: count), inputs: [x], logical: logical)
    }

    /// ReduceMean over H and W (squeeze-excitation, ShuffleNetV2's head) as global average pooling.
    mutating func importReduceMean(_ node: ONNXNode) throws(ONNXError) {
        let x = try spatial(node, 0)
        guard x.shape.count == 3 else { throw .unsupportedUse(node: node.name, reason: "ReduceMean needs an NCHW input") }
        let raw = model.opsetVersion >= 18 ? try integers(node, 1) : node.ints("axes")
        let axes = Set((raw ?? []).map { $0 < 0 ? $0 + 4 : $0 })
        guard axes == [2, 3] else {
            throw .unsupportedUse(node: node.name, reason: "ReduceMean over axes \(raw.map { "\($0)" } ?? "all"); only H and W (2, 3)")
        }
        let keep = try int(node, "keepdims", default: 1) != 0
        try add(node, GlobalAvgPoolOp(), inputs: [x.name], logical: keep ? [x.shape[0], 1, 1] : [x.shape[0]])
    }
}
