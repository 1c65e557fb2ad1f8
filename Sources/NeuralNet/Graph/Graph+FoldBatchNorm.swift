import Tensor

extension Graph {
    /// Folds every batch norm that directly follows a convolution (and is its
    /// only consumer) into that convolution's weight and bias, as deployments
    /// do before quantization. Returns how many were folded.
    @discardableResult
    public mutating func foldBatchNorms() throws(GraphError) -> Int {
        var folded = 0
        var generator = SeededGenerator(seed: 0)
        while let bnIndex = nodes.indices.first(where: { i in
            guard nodes[i].op is BatchNormOp, let src = nodes[i].inputs.first,
                  let conv = node(named: src), conv.op is Conv2DOp else { return false }
            return consumers(of: src) == [nodes[i].name]
        }) {
            let bnNode = nodes[bnIndex]
            let bn = bnNode.op as! BatchNormOp
            let convName = bnNode.inputs[0]
            var conv = node(named: convName)!.op as! Conv2DOp
            let bnParameters = parameters
            let p = { (suffix: String) in bnParameters["\(bnNode.name).\(suffix)"]! }
            let (w, b) = BatchNorm.fold(weight: parameters["\(convName).weight"]!,
                                        bias: conv.hasBias ? parameters["\(convName).bias"] : nil,
                                        gamma: p("weight"), beta: p("bias"),
                                        runningMean: p("running_mean"), runningVariance: p("running_var"),
                                        epsilon: bn.epsilon)
            conv.hasBias = true
            parameters["\(convName).weight"] = w
            parameters["\(convName).bias"] = b
            try replaceOp(of: convName, with: conv, generator: &generator)
            try bypass(bnNode.name)
            folded += 1
        }
        return folded
    }
}
