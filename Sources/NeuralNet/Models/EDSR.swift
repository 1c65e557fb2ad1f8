import Tensor

/// EDSR baseline-style super-resolution (Lim et al. 2017), scaled down:
/// RGB in [0, 1] minus the DIV2K mean (a constant `MeanShiftOp`, so the
/// quantizable layers are exactly the convolutions), a 3×3 head, residual
/// blocks conv–ReLU–conv without batch norm, a body convolution with a global
/// skip from the head, a sub-pixel upsampler (3×3 conv to 4·C channels and
/// PixelShuffle(2), once per factor of 2) and a 3×3 tail back to RGB, plus the
/// mean again. Fully convolutional: `lrHeight`/`lrWidth` only set the shapes
/// the graph is built for, never the parameters.
public enum EDSR {
    /// The DIV2K training-set RGB mean EDSR subtracts.
    public static let rgbMean: [Float] = [0.4488, 0.4371, 0.4040]

    public static func build(scale: Int, channels: Int = 32, blocks: Int = 8, residualScale: Float = 1,
                             lrHeight: Int = 48, lrWidth: Int = 48, seed: UInt64 = 0) throws(GraphError) -> Graph {
        precondition(scale == 2 || scale == 4, "EDSR here supports ×2 and ×4, not ×\(scale)")
        var b = GraphBuilder(name: "edsr-x\(scale)", inputShape: [lrHeight, lrWidth, 3], seed: seed)
        try b.add("sub_mean", MeanShiftOp(offsets: rgbMean.map { -$0 }))
        let head = try b.add("head.conv", conv3x3(3, channels))
        for i in 0..<blocks {
            let prefix = "body.block\(i)"
            let input = b.last
            try b.add("\(prefix).conv1", conv3x3(channels, channels))
            try b.add("\(prefix).relu", ReLUOp())
            var residual = try b.add("\(prefix).conv2", conv3x3(channels, channels))
            if residualScale != 1 { residual = try b.add("\(prefix).scale", ScaleOp(factor: residualScale)) }
            try b.add("\(prefix).add", AddOp(), inputs: [residual, input])
        }
        let body = try b.add("body.conv", conv3x3(channels, channels))
        try b.add("body.add", AddOp(), inputs: [body, head])
        for k in 0..<(scale == 4 ? 2 : 1) {
            try b.add("upsample.conv\(k)", conv3x3(channels, 4 * channels))
            try b.add("upsample.shuffle\(k)", PixelShuffleOp(upscale: 2))
        }
        try b.add("tail.conv", conv3x3(channels, 3))
        try b.add("add_mean", MeanShiftOp(offsets: rgbMean))
        reinitializeConvolutions(&b)
        return b.graph
    }

    /// PyTorch's default convolution init, U(±1/sqrt(fan_in)), which EDSR and
    /// SRResNet are trained from. He init (the op's default, right for
    /// BN + ReLU stacks) makes a BN-free residual body grow about 2× in
    /// variance per block: the untrained output is then off by tens.
    static func reinitializeConvolutions(_ b: inout GraphBuilder) {
        for node in b.graph.nodes {
            guard let conv = node.op as? Conv2DOp else { continue }
            let g = conv.geometry
            let bound = 1 / Float(g.inChannels / g.groups * g.kernelH * g.kernelW).squareRoot()
            b.graph.parameters["\(node.name).weight"] = Tensor.randomUniform(g.weightShape, low: -bound, high: bound,
                                                                              generator: &b.generator)
        }
    }

    static func conv3x3(_ inChannels: Int, _ outChannels: Int) -> Conv2DOp {
        Conv2DOp(ConvGeometry(inChannels: inChannels, outChannels: outChannels, kernel: 3, padding: 1), bias: true)
    }
}
