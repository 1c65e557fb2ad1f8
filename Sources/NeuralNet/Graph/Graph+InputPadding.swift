import Tensor

extension Graph {
    /// The padding this graph applies to its input first, if any.
    public var inputPadding: InputPadding? {
        guard nodes.count > 1, nodes[1].name == InputPadding.nodeName, nodes[1].inputs == [inputName],
              let op = nodes[1].op as? PadOp, op.top >= 1, op.top == op.left, op.top == op.bottom, op.top == op.right else { return nil }
        switch op.mode {
        case .edge: return InputPadding(pixels: op.top, mode: .edge)
        case .reflect: return InputPadding(pixels: op.top, mode: .reflect)
        case .constant(let v): return v == 0 ? InputPadding(pixels: op.top, mode: .constant) : nil
        }
    }

    /// The same nodes and parameters reading an input of per-sample
    /// `inputShape` through `padding` (a new first node); shapes re-inferred.
    public func paddingInput(_ padding: InputPadding, inputShape: [Int]) throws(GraphError) -> Graph {
        precondition(inputPadding == nil, "the graph already pads its input")
        var g = Graph(name: name, inputName: inputName, inputShape: inputShape)
        g.inputIsChannelsLast = inputIsChannelsLast
        // Initializers run once more for the copied nodes; their values are replaced below.
        var generator = SeededGenerator(seed: 0)
        try g.add(InputPadding.nodeName, padding.op, inputs: [inputName], generator: &generator)
        for node in nodes.dropFirst() {
            try g.add(node.name, node.op, inputs: node.inputs.map { $0 == inputName ? InputPadding.nodeName : $0 }, generator: &generator)
        }
        g.parameters = parameters
        g.outputName = outputName
        return g
    }
}
