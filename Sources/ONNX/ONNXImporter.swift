import Foundation
import Tensor
import NeuralNet

/// Converts an ONNX model into the graph IR. Nodes are named after the ONNX
/// node (or its first output when unnamed), so parameters are "node.weight"
/// etc. and a dqss export imports back under the same names.
public struct ONNXImporter {
    /// Op types the importer understands (default domain).
    public static let supportedOps: Set<String> = [
        "Conv", "ConvTranspose", "Gemm", "MatMul", "BatchNormalization", "Relu", "Clip", "LeakyRelu", "PRelu",
        "Sigmoid", "HardSigmoid", "HardSwish", "Softmax", "LogSoftmax", "Add", "Sub", "Mul", "Div", "Concat", "Split",
        "Slice", "MaxPool", "AveragePool", "GlobalAveragePool", "ReduceMean", "Flatten", "Reshape", "Squeeze",
        "Unsqueeze", "Transpose", "DepthToSpace", "Resize", "Upsample", "Pad", "Identity", "Dropout", "Constant",
        "Shape", "Gather", "Cast", "ConstantOfShape",
    ]

    /// Attribute integers beyond this are treated as damage (keeps shape arithmetic far from overflow).
    static let maxAttribute = 1 << 16

    let model: ONNXModel
    var graph: Graph
    var values: [String: ImportedValue] = [:]
    var consumerCount: [String: Int] = [:]
    var usedNames: Set<String> = []
    var generator = SeededGenerator(seed: 0)
    /// Layout-changing reshapes already inserted, by (node, target shape).
    var reshapes: [String: String] = [:]

    /// Imports `model`; the graph is called `name`. `inputSize` (height,
    /// width) is the image size to build the graph at when the model's input
    /// has dynamic height or width; a fixed size in the file must agree with it.
    public static func importGraph(_ model: ONNXModel, name: String,
                                   inputSize: (height: Int, width: Int)? = nil) throws(ONNXError) -> Graph {
        var importer = try ONNXImporter(model: model, name: name, inputSize: inputSize)
        return try importer.run()
    }

    public static func importGraph(contentsOf url: URL, inputSize: (height: Int, width: Int)? = nil) throws -> Graph {
        try importGraph(try ONNXModel.read(url), name: url.deletingPathExtension().lastPathComponent, inputSize: inputSize)
    }

    /// The runtime input of `model` and its per-sample shape in ONNX order
    /// ([C, H, W] for images), nil where the file leaves a dimension dynamic.
    public static func declaredInput(of model: ONNXModel) throws(ONNXError) -> (name: String, shape: [Int?]) {
        let initializerNames = Set(model.graph.initializers.map(\.name))
        guard let input = model.graph.inputs.first(where: { !initializerNames.contains($0.name) }) else {
            throw .invalidGraph("the graph has no runtime input")
        }
        guard input.shape.count >= 2 else {
            throw .invalidGraph("input '\(input.name)' needs a batch and a per-sample shape, got rank \(input.shape.count)")
        }
        return (input.name, Array(input.shape.dropFirst()))
    }

    /// The batch size the file declares for its input (nil when dynamic).
    var declaredBatch: Int? {
        let initializers = Set(model.graph.initializers.map(\.name))
        return model.graph.inputs.first { !initializers.contains($0.name) }?.shape.first ?? nil
    }

    /// Whether `model` takes [N, H, W, C] images: its input is rank 4 and read
    /// only by Transpose(perm [0, 3, 1, 2]), as tf2onnx writes Keras models.
    public static func hasChannelsLastInput(_ model: ONNXModel) -> Bool {
        guard let (name, declared) = try? declaredInput(of: model), declared.count == 3 else { return false }
        let readers = model.graph.nodes.filter { $0.inputs.contains(name) }
        return !readers.isEmpty && readers.allSatisfy { $0.opType == "Transpose" && $0.ints("perm") == [0, 3, 1, 2] }
    }

    /// The image size a dqss export was built at (its metadata), for files with dynamic H, W.
    static func recordedSize(_ model: ONNXModel) -> (height: Int, width: Int)? {
        let parts = model.metadata[ONNXModel.inputSizeKey]?.split(separator: ",").compactMap { Int($0) } ?? []
        guard parts.count == 2, parts.allSatisfy({ $0 >= 1 && $0 <= maxAttribute }) else { return nil }
        return (parts[0], parts[1])
    }

    init(model: ONNXModel, name: String, inputSize: (height: Int, width: Int)? = nil) throws(ONNXError) {
        self.model = model
        let g = model.graph
        for t in g.initializers { values[t.name] = .constant(t) }
        let (inputName, declared) = try Self.declaredInput(of: model)
        let inputSize = inputSize ?? Self.recordedSize(model)
        // A channels-last input ([N, H, W, C], Keras through tf2onnx) is the engine's own layout.
        let channelsLast = Self.hasChannelsLastInput(model)
        let (hAxis, wAxis) = channelsLast ? (0, 1) : (1, 2)
        let text = { (d: Int?) in d.map(String.init) ?? "?" }
        var shape: [Int] = []
        for (i, d) in declared.enumerated() {
            let spatialAxis = declared.count == 3 && (i == hAxis || i == wAxis)
            if let d {
                if spatialAxis, let size = inputSize, d != (i == hAxis ? size.height : size.width) {
                    throw .invalidGraph("input '\(inputName)' is fixed at \(text(declared[hAxis]))×\(text(declared[wAxis])), not \(size.height)×\(size.width)")
                }
                shape.append(d)
            } else if spatialAxis {
                guard let size = inputSize else {
                    throw .needsInputSize(input: inputName, shape: "[N, \(declared.map(text).joined(separator: ", "))]")
                }
                let v = i == hAxis ? size.height : size.width
                guard v >= 1, v <= Self.maxAttribute else { throw .invalidGraph("input size \(size.height)×\(size.width) is out of range") }
                shape.append(v)
            } else {
                throw .invalidGraph("input '\(inputName)' needs a known per-sample shape (channels for images), got [N, \(declared.map(text).joined(separator: ", "))]")
            }
        }
        guard shape.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue }) <= ONNXTensor.maxElements,
              shape.allSatisfy({ $0 <= ONNXTensor.maxElements }) else {
            throw .tooLarge("input shape \(shape)")
        }
        graph = Graph(name: name, inputName: inputName.isEmpty ? "input" : inputName, inputShape: channelsLast ? shape : Self.nhwc(shape))
        graph.inputIsChannelsLast = channelsLast
        usedNames.insert(graph.inputName)
        values[inputName] = channelsLast ? .channelsLast(graph.inputName, logical: shape) : .node(graph.inputName, logical: shape)
        for node in g.nodes { for i in node.inputs where !i.isEmpty { consumerCount[i, default: 0] += 1 } }
    }

    /// Imports every node it can, then names every unsupported op and every
    /// unsupported use at once. Nodes downstream of a failed one are skipped
    /// (their problem is the one already named).
    mutating func run() throws(ONNXError) -> Graph {
        var ops: [String] = [], structures: [String] = []
        for node in model.graph.nodes {
            guard !node.outputs.isEmpty else { throw .invalidGraph("node '\(node.name)' (\(node.opType)) has no output") }
            let label = node.name.isEmpty ? node.outputs[0] : node.name
            let known = (node.domain.isEmpty || node.domain == "ai.onnx") && Self.supportedOps.contains(node.opType)
            let blocked = node.inputs.contains { if case .unavailable = values[$0] { return true } else { return false } }
            if !known || blocked {
                if !known { ops.append("\(node.domain.isEmpty ? "" : node.domain + ".")\(node.opType): \(label)") }
                for o in node.outputs where !o.isEmpty { values[o] = .unavailable }
                continue
            }
            do {
                try importNode(node)
            } catch {
                guard case .unsupportedUse(let n, let reason) = error else { throw error }
                structures.append("\(n.isEmpty ? label : n) (\(node.opType)): \(reason)")
                for o in node.outputs where !o.isEmpty { values[o] = .unavailable }
            }
        }
        guard ops.isEmpty && structures.isEmpty else { throw .unsupportedModel(ops: ops, structures: structures) }
        guard let out = model.graph.outputs.first, let value = values[out.name] else {
            throw .invalidGraph("the graph output is not produced by any node")
        }
        guard case .node(let name, _) = value else {
            var reason = "must be computed from the input"
            if case .channelGroups = value { reason = "ends inside a channel shuffle" }
            if case .swappedFeatures = value { reason = "ends with features transposed to [K, N]" }
            if case .channelsLast = value { reason = "ends in [N, H, W, C] layout" }
            throw .unsupportedModel(ops: [], structures: ["\(out.name) (output): the graph output \(reason)"])
        }
        graph.outputName = name
        return graph
    }

    // MARK: - Helpers

    func nodeName(_ node: ONNXNode, suffix: String? = nil) -> String {
        var base = node.name.isEmpty ? node.outputs[0] : node.name
        if let suffix { base = node.name.isEmpty || suffix.isEmpty ? suffix : "\(node.name).\(suffix)" }
        var name = base.isEmpty ? node.opType : base
        var k = 1
        while usedNames.contains(name) {
            name = "\(base)_\(k)"
            k += 1
        }
        return name
    }

    /// A per-sample shape of the engine ([H, W, C] for images) in ONNX's
    /// channels-first order ([C, H, W]); other ranks are the same in both.
    public static func nchw(_ s: [Int]) -> [Int] { s.count == 3 ? [s[2], s[0], s[1]] : s }

    /// An ONNX per-sample shape ([C, H, W]) in the engine's channels-last order.
    public static func nhwc(_ s: [Int]) -> [Int] { s.count == 3 ? [s[1], s[2], s[0]] : s }

    /// The runtime (graph-computed) input at `index`, with its per-sample
    /// shape in ONNX order and its ONNX (logical) shape. Pending zero padding
    /// is applied here for consumers other than Conv.
    mutating func runtime(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> (name: String, shape: [Int], logical: [Int]) {
        guard index < node.inputs.count, let v = values[node.inputs[index]] else {
            throw .invalidGraph("node '\(node.name)' (\(node.opType)) reads '\(index < node.inputs.count ? node.inputs[index] : "input \(index)")', which is not defined before it")
        }
        switch v {
        case .node(let name, let logical): return (name, Self.nchw(graph.shapes[name]!), logical)
        case .constant: throw .unsupportedUse(node: node.name, reason: "input \(index) of \(node.opType) must be computed from the graph input, not a constant")
        case .folded: throw .unsupportedUse(node: node.name, reason: "input \(index) of \(node.opType) is a shape value, not an image or feature tensor")
        case .padded(let source, let pads, let logical):
            let name = try addNode(named: "\(source)_pad", PadOp(top: pads[0], left: pads[1], bottom: pads[2], right: pads[3], mode: .constant(0)),
                                   inputs: [source], node: node)
            values[node.inputs[index]] = .node(name, logical: logical)
            return (name, Self.nchw(graph.shapes[name]!), logical)
        case .channelGroups:
            throw .unsupportedUse(node: node.name, reason: "reads a tensor reshaped into channel groups; only Transpose and Reshape back (a channel shuffle) may follow")
        case .swappedFeatures:
            throw .unsupportedUse(node: node.name, reason: "reads features transposed to [K, N]; only a Gemm with transA=1 or a Transpose back may follow")
        case .channelsLast:
            throw .unsupportedUse(node: node.name, reason: "reads an [N, H, W, C] tensor; only Transpose(perm [0, 3, 1, 2]) or a Flatten/Reshape to [N, features] may follow")
        case .unavailable: throw .invalidGraph("node '\(node.name)' reads an input that failed to import")
        }
    }

    /// A runtime input in the engine shape its ONNX shape names: a [C] vector
    /// that ONNX sees as [C, 1, 1] (after GlobalAveragePool) becomes a 1×1 map
    /// for a Conv or Mul that follows.
    mutating func spatial(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> (name: String, shape: [Int]) {
        let r = try runtime(node, index)
        guard r.shape != r.logical else { return (r.name, r.shape) }
        let name = try relayout(r.name, to: r.logical, node: node)
        return (name, r.logical)
    }

    /// A runtime input as a per-sample vector [K] (for Gemm, MatMul, Softmax).
    mutating func flat(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> (name: String, shape: [Int], logical: [Int]) {
        let r = try runtime(node, index)
        guard r.shape.count != 1 else { return r }
        guard r.logical.count == 1 else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) needs a [N, features] input (flatten first), got per-sample \(r.logical)")
        }
        let name = try relayout(r.name, to: r.logical, node: node)
        return (name, r.logical, r.logical)
    }

    /// Inserts (once) a reshape of node `name` to the engine shape of ONNX per-sample shape `logical`.
    mutating func relayout(_ name: String, to logical: [Int], node: ONNXNode) throws(ONNXError) -> String {
        let target = Self.nhwc(logical)
        let key = "\(name)→\(target)"
        if let done = reshapes[key] { return done }
        let from = graph.shapes[name]!
        guard from.reduce(1, *) == target.reduce(1, *), ReshapeOp.layoutNeutral(from), ReshapeOp.layoutNeutral(target) else {
            throw .unsupportedUse(node: node.name, reason: "reads a tensor of shape \(Self.nchw(from)) viewed as \(logical), which reorders data")
        }
        let out = try addNode(named: "\(name)_reshape", ReshapeOp(shape: target), inputs: [name], node: node)
        reshapes[key] = out
        return out
    }

    /// Per-sample activations beyond this (512 MB) come from damaged files, not models.
    static let maxActivation = 1 << 27

    /// The product of `dims`, saturating at Int.max (hostile files multiply to overflow).
    static func product(_ dims: [Int]) -> Int {
        dims.reduce(1) { a, b in
            let (p, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? Int.max : p
        }
    }

    func checkSize(_ name: String) throws(ONNXError) {
        let n = Self.product(graph.shapes[name]!)
        guard n <= Self.maxActivation else { throw .tooLarge("the output of '\(name)' (\(graph.shapes[name]!) per sample)") }
    }

    /// Adds a helper node (not an ONNX node's own output) under a fresh name.
    mutating func addNode(named base: String, _ op: any GraphOp, inputs: [String], node: ONNXNode) throws(ONNXError) -> String {
        var name = base, k = 1
        while usedNames.contains(name) {
            name = "\(base)_\(k)"
            k += 1
        }
        do {
            try graph.add(name, op, inputs: inputs, generator: &generator)
        } catch {
            throw .unsupportedUse(node: node.name, reason: error.errorDescription ?? "\(error)")
        }
        usedNames.insert(name)
        try checkSize(name)
        return name
    }

    func constant(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> ONNXTensor? {
        guard index < node.inputs.count, !node.inputs[index].isEmpty else { return nil }
        guard let v = values[node.inputs[index]] else {
            throw .invalidGraph("node '\(node.name)' reads '\(node.inputs[index])', which is not defined before it")
        }
        guard case .constant(let t) = v else {
            throw .unsupportedUse(node: node.name, reason: "input \(index) of \(node.opType) must be a constant (initializer)")
        }
        return t
    }

    /// A folded shape value or a small constant at input `index` (nil when absent).
    func folded(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> FoldedValues? {
        guard index < node.inputs.count, !node.inputs[index].isEmpty else { return nil }
        switch values[node.inputs[index]] {
        case .folded(let f): return f
        case .constant(let t):
            guard t.elementCount <= FoldedValues.maxCount else {
                throw .unsupportedUse(node: node.name, reason: "input \(index) of \(node.opType) has \(t.elementCount) values; expected a small shape-like constant")
            }
            let v = try t.numbers()
            let integer = t.dataType != ONNXTensor.DataType.float.rawValue && t.dataType != ONNXTensor.DataType.double.rawValue
            return FoldedValues(v, isScalar: t.dims.isEmpty, isInteger: integer)
        case nil: throw .invalidGraph("node '\(node.name)' reads '\(node.inputs[index])', which is not defined before it")
        default:
            throw .unsupportedUse(node: node.name, reason: "input \(index) of \(node.opType) must be a constant or computed from shapes")
        }
    }

    /// Known numbers at input `index` (a constant or a folded shape value without the batch size).
    func numbers(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> [Double]? {
        guard let f = try folded(node, index) else { return nil }
        guard let v = f.known else {
            throw .unsupportedUse(node: node.name, reason: "input \(index) of \(node.opType) depends on the batch size")
        }
        return v
    }

    /// Known integers at input `index`, each within ±`maxAttribute` (or clamped, for Slice ends).
    func integers(_ node: ONNXNode, _ index: Int, clamp: Bool = false) throws(ONNXError) -> [Int]? {
        guard let v = try numbers(node, index) else { return nil }
        return try v.map { d throws(ONNXError) in
            guard d == d.rounded() || d.isInfinite else { throw .unsupportedUse(node: node.name, reason: "input \(index) of \(node.opType) must hold integers, got \(d)") }
            if clamp { return Int(max(-Double(Self.maxAttribute), min(Double(Self.maxAttribute), d))) }
            guard abs(d) <= Double(Self.maxAttribute) else { throw .unsupportedUse(node: node.name, reason: "input \(index) of \(node.opType) holds \(d), out of range") }
            return Int(d)
        }
    }

    func requiredConstant(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> ONNXTensor {
        guard let t = try constant(node, index) else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) needs input \(index)")
        }
        return t
    }

    /// Integer attributes within a sane range.
    func ints(_ node: ONNXNode, _ name: String, default value: [Int], count: Int? = nil,
              minimum: Int = 0) throws(ONNXError) -> [Int] {
        let v = node.ints(name) ?? value
        guard v.allSatisfy({ $0 >= minimum && $0 <= Self.maxAttribute }) else {
            throw .unsupportedUse(node: node.name, reason: "attribute \(name) = \(v) is out of range")
        }
        if let count, v.count != count {
            throw .unsupportedUse(node: node.name, reason: "attribute \(name) = \(v) needs \(count) values (2-D ops only)")
        }
        return v
    }

    func int(_ node: ONNXNode, _ name: String, default value: Int) throws(ONNXError) -> Int {
        let v = node.int(name, default: value)
        guard abs(v) <= Self.maxAttribute else { throw .unsupportedUse(node: node.name, reason: "attribute \(name) = \(v) is out of range") }
        return v
    }

    @discardableResult
    mutating func add(_ node: ONNXNode, _ op: any GraphOp, inputs: [String], parameters: [String: Tensor] = [:],
                      logical: [Int]? = nil, output: Int = 0) throws(ONNXError) -> String {
        let name = output == 0 ? nodeName(node) : nodeName(node, suffix: node.outputs[output])
        do {
            try graph.add(name, op, inputs: inputs, generator: &generator)
        } catch {
            throw .unsupportedUse(node: node.name.isEmpty ? name : node.name, reason: error.errorDescription ?? "\(error)")
        }
        usedNames.insert(name)
        try checkSize(name)
        for spec in op.parameterSpecs {
            let full = "\(name).\(spec.name)"
            guard let t = parameters[spec.name] else { continue }
            guard t.shape == spec.shape else {
                throw .invalidGraph("node '\(node.name)': \(spec.name) has shape \(t.shape), expected \(spec.shape)")
            }
            graph.parameters[full] = t
        }
        values[node.outputs[output]] = .node(name, logical: logical ?? Self.nchw(graph.shapes[name]!))
        return name
    }

    func tensor(_ t: ONNXTensor, shape: [Int]? = nil) throws(ONNXError) -> Tensor {
        let v = try t.floats()
        let s = shape ?? t.dims
        guard s.reduce(1, *) == v.count else {
            throw .invalidGraph("tensor '\(t.name)' has \(v.count) values, expected shape \(s)")
        }
        return Tensor(shape: s, scalars: v)
    }
}
