import Tensor

/// A DAG of named nodes in topological order, with its parameters.
///
/// Built-in models and imported ones share this structure; BN folding,
/// quantizer insertion and the search supernet are passes over it.
public struct Graph: Sendable {
    public var name: String
    public private(set) var nodes: [Node] = []
    /// Per-sample output shape of every node.
    public private(set) var shapes: [String: [Int]] = [:]
    /// Parameters and buffers by full name ("node.param").
    public var parameters: [String: Tensor] = [:]
    /// The node whose value is the graph's output (the last added, unless set).
    public var outputName: String
    /// Whether the model this graph came from takes [N, H, W, C] images (Keras
    /// through tf2onnx). The engine runs channels-last either way; exports
    /// declare their input in this layout so they keep the original's interface.
    public var inputIsChannelsLast = false
    private var index: [String: Int] = [:]

    /// A graph with one input node of the given per-sample shape.
    public init(name: String, inputName: String = "input", inputShape: [Int]) {
        self.name = name
        self.outputName = inputName
        nodes = [Node(name: inputName, op: InputOp(shape: inputShape), inputs: [])]
        shapes[inputName] = inputShape
        index[inputName] = 0
    }

    public var inputName: String { nodes[0].name }
    public var inputShape: [Int] { shapes[inputName]! }
    public var outputShape: [Int] { shapes[outputName]! }

    public func nodeIndex(_ name: String) -> Int? { index[name] }

    public func node(named name: String) -> Node? { index[name].map { nodes[$0] } }

    /// Appends a node; its parameters are initialised from `generator`.
    @discardableResult
    public mutating func add(_ name: String, _ op: any GraphOp, inputs: [String],
                             generator: inout SeededGenerator) throws(GraphError) -> String {
        guard index[name] == nil else { throw .duplicateNode(name) }
        var inShapes: [[Int]] = []
        for input in inputs {
            guard let s = shapes[input] else { throw .unknownInput(node: name, input: input) }
            inShapes.append(s)
        }
        let outShape: [Int]
        do {
            outShape = try op.outputShape(for: inShapes)
        } catch {
            throw .shape(node: name, message: error.message)
        }
        let node = Node(name: name, op: op, inputs: inputs)
        for spec in op.parameterSpecs {
            parameters[node.parameterName(spec)] = spec.initializer.make(spec.shape, generator: &generator)
        }
        index[name] = nodes.count
        nodes.append(node)
        shapes[name] = outShape
        outputName = name
        return name
    }

    /// Swaps a node's op (a rewrite pass); parameters the new op declares but
    /// the graph lacks are created from their initializers, and the shapes of
    /// this node and all later ones are re-inferred.
    public mutating func replaceOp(of name: String, with op: any GraphOp,
                                   generator: inout SeededGenerator) throws(GraphError) {
        guard let i = index[name] else { throw .unknownNode(name) }
        nodes[i].op = op
        for spec in op.parameterSpecs where parameters[nodes[i].parameterName(spec)] == nil {
            parameters[nodes[i].parameterName(spec)] = spec.initializer.make(spec.shape, generator: &generator)
        }
        try reinferShapes(from: i)
    }

    /// Removes a single-input node, rewiring its consumers to its input
    /// (e.g. a batch norm after folding). Its parameters are dropped.
    public mutating func bypass(_ name: String) throws(GraphError) {
        guard let i = index[name], i > 0, nodes[i].inputs.count == 1 else { throw .unknownNode(name) }
        let source = nodes[i].inputs[0]
        for spec in nodes[i].op.parameterSpecs { parameters[nodes[i].parameterName(spec)] = nil }
        nodes.remove(at: i)
        for j in nodes.indices {
            nodes[j].inputs = nodes[j].inputs.map { $0 == name ? source : $0 }
        }
        if outputName == name { outputName = source }
        shapes[name] = nil
        rebuildIndex()
        try reinferShapes(from: i)
    }

    /// Names of nodes that read `name`.
    public func consumers(of name: String) -> [String] {
        nodes.filter { $0.inputs.contains(name) }.map(\.name)
    }

    /// Full names of trainable parameters, sorted.
    public var trainableParameterNames: [String] {
        nodes.flatMap { node in node.op.parameterSpecs.filter(\.trainable).map { node.parameterName($0) } }.sorted()
    }

    public var parameterCount: Int {
        nodes.reduce(0) { total, node in
            total + node.op.parameterSpecs.filter(\.trainable).reduce(0) { $0 + $1.shape.reduce(1, *) }
        }
    }

    /// Multiply-accumulates per sample.
    public var macs: Int {
        nodes.reduce(0) { total, node in
            total + node.op.macs(inputShapes: node.inputs.map { shapes[$0]! }, outputShape: shapes[node.name]!)
        }
    }

    private mutating func rebuildIndex() {
        index = [:]
        for (i, n) in nodes.enumerated() { index[n.name] = i }
    }

    private mutating func reinferShapes(from start: Int) throws(GraphError) {
        for i in max(1, start)..<nodes.count {
            let node = nodes[i]
            var inShapes: [[Int]] = []
            for input in node.inputs {
                guard let s = shapes[input] else { throw .unknownInput(node: node.name, input: input) }
                inShapes.append(s)
            }
            do {
                shapes[node.name] = try node.op.outputShape(for: inShapes)
            } catch {
                throw .shape(node: node.name, message: error.message)
            }
        }
    }
}
