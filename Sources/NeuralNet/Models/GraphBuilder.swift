import Tensor

/// Convenience for building models: appends nodes with seeded initial
/// parameters and remembers the last node so chains read top to bottom.
public struct GraphBuilder {
    public var graph: Graph
    public var generator: SeededGenerator
    public private(set) var last: String

    public init(name: String, inputShape: [Int], seed: UInt64) {
        graph = Graph(name: name, inputShape: inputShape)
        generator = SeededGenerator(seed: seed)
        last = graph.inputName
    }

    /// Appends `op` reading `inputs` (default: the last node).
    @discardableResult
    public mutating func add(_ name: String, _ op: any GraphOp, inputs: [String]? = nil) throws(GraphError) -> String {
        last = try graph.add(name, op, inputs: inputs ?? [last], generator: &generator)
        return last
    }

    /// Channels of a node's output.
    public func channels(of node: String) -> Int { graph.shapes[node]!.last! }
}
