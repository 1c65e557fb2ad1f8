import Tensor

/// Values and saved state of one forward pass, for the backward pass.
public struct Tape: Sendable {
    public internal(set) var values: [Tensor?]
    var saved: [(any Sendable)?]
    let context: ExecutionContext
}

extension Graph {
    /// Forward pass without keeping state; intermediate values are freed as
    /// soon as their last consumer has run. `keep` lists nodes whose values
    /// to return as well (e.g. the inputs of layers to calibrate).
    public func forward(_ x: Tensor, context: ExecutionContext = .inference,
                        keep: Set<String> = []) -> (output: Tensor, kept: [String: Tensor]) {
        checkInput(x)
        var lastUse = [Int](repeating: -1, count: nodes.count)
        for (i, node) in nodes.enumerated() {
            for input in node.inputs { lastUse[nodeIndex(input)!] = i }
        }
        let outIndex = nodeIndex(outputName)!
        var values = [Tensor?](repeating: nil, count: nodes.count)
        var kept: [String: Tensor] = [:]
        values[0] = x
        if keep.contains(inputName) { kept[inputName] = x }
        for i in 1...outIndex {
            let node = nodes[i]
            let inputIdx = node.inputs.map { nodeIndex($0)! }
            let result = context.measure(node.op.kind, .forward) {
                node.op.forward(inputIdx.map { values[$0]! }, parameters: parameters(of: node), context: context)
            }
            values[i] = result.output
            if keep.contains(node.name) { kept[node.name] = result.output }
            for j in inputIdx where lastUse[j] <= i && j != outIndex { values[j] = nil }
        }
        return (values[outIndex]!, kept)
    }

    /// Forward pass that keeps what backward needs and, in training mode,
    /// updates buffers (running statistics).
    public mutating func forwardForBackward(_ x: Tensor, context: ExecutionContext) -> (output: Tensor, tape: Tape) {
        checkInput(x)
        let outIndex = nodeIndex(outputName)!
        var values = [Tensor?](repeating: nil, count: nodes.count)
        var saved = [(any Sendable)?](repeating: nil, count: nodes.count)
        values[0] = x
        for i in 1...outIndex {
            let node = nodes[i]
            let result = context.measure(node.op.kind, .forward) {
                node.op.forward(node.inputs.map { values[nodeIndex($0)!]! }, parameters: parameters(of: node), context: context)
            }
            values[i] = result.output
            saved[i] = result.saved
            let specs = node.op.parameterSpecs
            for (k, t) in result.bufferUpdates { parameters[node.parameterName(specs[k])] = t }
        }
        return (values[outIndex]!, Tape(values: values, saved: saved, context: context))
    }

    /// Backward pass from the output gradient; returns gradients of the
    /// parameters named in `wrt` (default: every trainable parameter), plus the
    /// gradient of the graph input if `inputGradient` is set.
    public func backward(_ tape: Tape, gradOutput: Tensor, wrt: Set<String>? = nil,
                         inputGradient: Bool = false) -> (parameters: [String: Tensor], input: Tensor?) {
        let outIndex = nodeIndex(outputName)!
        let wanted = wrt ?? Set(trainableParameterNames)
        // A node needs a gradient if it, or anything upstream, owns a wanted parameter.
        var needs = [Bool](repeating: false, count: nodes.count)
        needs[0] = inputGradient
        for i in 1..<nodes.count {
            let node = nodes[i]
            let owns = node.op.parameterSpecs.contains { wanted.contains(node.parameterName($0)) }
            needs[i] = owns || node.inputs.contains { needs[nodeIndex($0)!] }
        }
        var grads = [Tensor?](repeating: nil, count: nodes.count)
        grads[outIndex] = gradOutput
        var paramGrads: [String: Tensor] = [:]
        for i in stride(from: outIndex, through: 1, by: -1) {
            guard needs[i], let g = grads[i] else { continue }
            grads[i] = nil
            let node = nodes[i]
            let inputIdx = node.inputs.map { nodeIndex($0)! }
            let result = tape.context.measure(node.op.kind, .backward) {
                node.op.backward(BackwardInput(
                    gradOutput: g, inputs: inputIdx.map { tape.values[$0]! }, output: tape.values[i]!,
                    parameters: parameters(of: node), saved: tape.saved[i],
                    inputNeedsGradient: inputIdx.map { needs[$0] }, context: tape.context))
            }
            for (k, j) in inputIdx.enumerated() where needs[j] {
                guard k < result.inputs.count, let dx = result.inputs[k] else { continue }
                if grads[j] == nil { grads[j] = dx } else {
                    tape.context.measure("gradient sum", .backward) { grads[j]!.addScaled(dx) }
                }
            }
            for (k, spec) in node.op.parameterSpecs.enumerated() {
                let full = node.parameterName(spec)
                guard wanted.contains(full), k < result.parameters.count, let dp = result.parameters[k] else { continue }
                if paramGrads[full] == nil { paramGrads[full] = dp } else { paramGrads[full]!.addScaled(dp) }
            }
        }
        return (paramGrads, grads[0])
    }

    func parameters(of node: Node) -> [Tensor] {
        node.op.parameterSpecs.map { spec in
            guard let t = parameters[node.parameterName(spec)] else {
                preconditionFailure("graph '\(name)': parameter \(node.parameterName(spec)) is missing")
            }
            return t
        }
    }

    private func checkInput(_ x: Tensor) {
        precondition(x.rank == inputShape.count + 1 && Array(x.shape.dropFirst()) == inputShape,
                     "graph '\(name)' expects input [N, \(inputShape.map(String.init).joined(separator: ", "))], got \(x.shape)")
    }
}
