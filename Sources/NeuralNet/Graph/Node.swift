/// A named node of the graph: an op applied to the outputs of earlier nodes.
public struct Node: Sendable {
    public var name: String
    public var op: any GraphOp
    public var inputs: [String]

    public init(name: String, op: any GraphOp, inputs: [String]) {
        self.name = name
        self.op = op
        self.inputs = inputs
    }

    public func parameterName(_ spec: ParameterSpec) -> String { "\(name).\(spec.name)" }
}
