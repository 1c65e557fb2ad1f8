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
        "Sigmoid", "Add", "Sub", "Mul", "Div", "Concat", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape",
        "Transpose", "DepthToSpace", "Resize", "Upsample", "Pad", "Identity", "Dropout", "Constant",
    ]

    /// Attribute integers beyond this are treated as damage (keeps shape arithmetic far from overflow).
    static let maxAttribute = 1 << 16

    let model: ONNXModel
    var graph: Graph
    var values: [String: ImportedValue] = [:]
    var consumerCount: [String: Int] = [:]
    var usedNames: Set<String> = []
    var generator = SeededGenerator(seed: 0)

    /// Imports `model`; the graph is called `name`.
    public static func importGraph(_ model: ONNXModel, name: String) throws(ONNXError) -> Graph {
        var importer = try ONNXImporter(model: model, name: name)
        return try importer.run()
    }

    public static func importGraph(contentsOf url: URL) throws -> Graph {
        try importGraph(try ONNXModel.read(url), name: url.deletingPathExtension().lastPathComponent)
    }

    init(model: ONNXModel, name: String) throws(ONNXError) {
        self.model = model
        let g = model.graph
        let initializerNames = Set(g.initializers.map(\.name))
        for t in g.initializers { values[t.name] = .constant(t) }
        guard let input = g.inputs.first(where: { !initializerNames.contains($0.name) }) else {
            throw .invalidGraph("the graph has no runtime input")
        }
        guard input.shape.count >= 2, input.shape.dropFirst().allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw .invalidGraph("input '\(input.name)' needs a known per-sample shape, got \(input.shape.map { $0.map(String.init) ?? "?" })")
        }
        let shape = input.shape.dropFirst().map { $0! }
        guard shape.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue }) <= ONNXTensor.maxElements else {
            throw .tooLarge("input shape \(shape)")
        }
        graph = Graph(name: name, inputName: input.name.isEmpty ? "input" : input.name, inputShape: Self.nhwc(shape))
        usedNames.insert(graph.inputName)
        values[input.name] = .node(graph.inputName, logical: shape)
        for node in g.nodes { for i in node.inputs where !i.isEmpty { consumerCount[i, default: 0] += 1 } }
    }

    mutating func run() throws(ONNXError) -> Graph {
        let unsupported = model.graph.nodes.filter { !($0.domain.isEmpty || $0.domain == "ai.onnx") || !Self.supportedOps.contains($0.opType) }
        if !unsupported.isEmpty {
            throw .unsupportedOps(unsupported.map { "\($0.domain.isEmpty ? "" : $0.domain + ".")\($0.opType): \($0.name.isEmpty ? ($0.outputs.first ?? "?") : $0.name)" })
        }
        for node in model.graph.nodes {
            guard !node.outputs.isEmpty else { throw .invalidGraph("node '\(node.name)' (\(node.opType)) has no output") }
            try importNode(node)
        }
        guard let out = model.graph.outputs.first, let value = values[out.name] else {
            throw .invalidGraph("the graph output is not produced by any node")
        }
        guard case .node(let name, _) = value else {
            throw .unsupportedUse(node: out.name, reason: "the graph output must be computed from the input")
        }
        graph.outputName = name
        return graph
    }

    // MARK: - Helpers

    func nodeName(_ node: ONNXNode) -> String {
        let base = node.name.isEmpty ? node.outputs[0] : node.name
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
    /// shape in ONNX order and its ONNX (logical) shape.
    func runtime(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> (name: String, shape: [Int], logical: [Int]) {
        guard index < node.inputs.count, let v = values[node.inputs[index]] else {
            throw .invalidGraph("node '\(node.name)' (\(node.opType)) reads '\(index < node.inputs.count ? node.inputs[index] : "input \(index)")', which is not defined before it")
        }
        switch v {
        case .node(let name, let logical): return (name, Self.nchw(graph.shapes[name]!), logical)
        case .constant: throw .unsupportedUse(node: node.name, reason: "input \(index) of \(node.opType) must be computed from the graph input, not a constant")
        case .padded: throw .unsupportedUse(node: node.name, reason: "a Pad is supported only directly before a Conv")
        }
    }

    /// A runtime input whose node shape must equal its ONNX shape (no flattened GlobalAveragePool output).
    func spatial(_ node: ONNXNode, _ index: Int) throws(ONNXError) -> (name: String, shape: [Int]) {
        let r = try runtime(node, index)
        guard r.shape == r.logical else {
            throw .unsupportedUse(node: node.name, reason: "\(node.opType) after GlobalAveragePool is not supported (only Flatten/Reshape/Gemm)")
        }
        return (r.name, r.shape)
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
                      logical: [Int]? = nil) throws(ONNXError) -> String {
        let name = nodeName(node)
        do {
            try graph.add(name, op, inputs: inputs, generator: &generator)
        } catch {
            throw .unsupportedUse(node: node.name.isEmpty ? name : node.name, reason: error.errorDescription ?? "\(error)")
        }
        usedNames.insert(name)
        for spec in op.parameterSpecs {
            let full = "\(name).\(spec.name)"
            guard let t = parameters[spec.name] else { continue }
            guard t.shape == spec.shape else {
                throw .invalidGraph("node '\(node.name)': \(spec.name) has shape \(t.shape), expected \(spec.shape)")
            }
            graph.parameters[full] = t
        }
        values[node.outputs[0]] = .node(name, logical: logical ?? Self.nchw(graph.shapes[name]!))
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
