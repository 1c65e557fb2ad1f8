import Tensor

extension Graph {
    /// Replaces every parameter and buffer with the tensor of the same name
    /// from `tensors`; all must be present with the right shapes. Extra tensors
    /// are ignored (checkpoints also carry optimizer state).
    public mutating func loadParameters(_ tensors: [String: Tensor]) throws(GraphError) {
        var updated = parameters
        for (name, current) in parameters {
            guard let t = tensors[name] else { throw .missingParameter(name) }
            guard t.shape == current.shape else { throw .parameterShape(name: name, expected: current.shape, found: t.shape) }
            updated[name] = t
        }
        parameters = updated
    }
}

extension Graph {
    /// A node's parameters in its op's declared order.
    public func parameters(ofNode name: String) -> [Tensor] {
        guard let node = node(named: name) else { return [] }
        return parameters(of: node)
    }
}
