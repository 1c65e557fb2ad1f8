import Tensor

/// MobileNetV2 (Sandler et al. 2018) scaled down for 28×28×1 inputs: a 3×3
/// stem, inverted residual blocks (1×1 expand + BN + ReLU6, 3×3 depthwise +
/// BN + ReLU6, 1×1 linear projection + BN; identity shortcut when the stride
/// is 1 and the widths agree), a 1×1 head convolution, global pooling and a
/// linear classifier. Stages (expansion, width, blocks, stride) follow the
/// paper's first four rows with the resolution drops at 28→14→7 only.
public enum MobileNetV2 {
    public struct Stage: Sendable, Equatable {
        public var expansion: Int
        public var width: Int
        public var blocks: Int
        public var stride: Int
        public init(expansion: Int, width: Int, blocks: Int, stride: Int) {
            self.expansion = expansion
            self.width = width
            self.blocks = blocks
            self.stride = stride
        }
    }

    public static let defaultStages = [
        Stage(expansion: 1, width: 16, blocks: 1, stride: 1),
        Stage(expansion: 6, width: 24, blocks: 2, stride: 2),
        Stage(expansion: 6, width: 32, blocks: 2, stride: 2),
        Stage(expansion: 6, width: 64, blocks: 2, stride: 1),
    ]

    public static func build(inputShape: [Int] = [28, 28, 1], classes: Int = 10, stemWidth: Int = 16,
                             stages: [Stage] = defaultStages, headWidth: Int = 192,
                             seed: UInt64 = 0) throws(GraphError) -> Graph {
        var b = GraphBuilder(name: "mobilenetv2", inputShape: inputShape, seed: seed)
        try conv(&b, "stem", inChannels: inputShape[2], outChannels: stemWidth, kernel: 3, stride: 1)
        try b.add("stem.relu", ReLU6Op())
        var channels = stemWidth
        for (s, stage) in stages.enumerated() {
            for block in 0..<stage.blocks {
                let stride = block == 0 ? stage.stride : 1
                let prefix = "stage\(s + 1).block\(block)"
                let input = b.last
                let hidden = channels * stage.expansion
                if stage.expansion != 1 {
                    try conv(&b, "\(prefix).expand", inChannels: channels, outChannels: hidden, kernel: 1, stride: 1)
                    try b.add("\(prefix).expand.relu", ReLU6Op())
                }
                try conv(&b, "\(prefix).dw", inChannels: hidden, outChannels: hidden, kernel: 3, stride: stride,
                         groups: hidden)
                try b.add("\(prefix).dw.relu", ReLU6Op())
                let projected = try conv(&b, "\(prefix).project", inChannels: hidden, outChannels: stage.width,
                                         kernel: 1, stride: 1)
                if stride == 1 && channels == stage.width {
                    try b.add("\(prefix).add", AddOp(), inputs: [projected, input])
                }
                channels = stage.width
            }
        }
        try conv(&b, "head", inChannels: channels, outChannels: headWidth, kernel: 1, stride: 1)
        try b.add("head.relu", ReLU6Op())
        try b.add("pool", GlobalAvgPoolOp())
        try b.add("fc", LinearOp(inFeatures: headWidth, outFeatures: classes))
        return b.graph
    }

    /// "name.conv" (no bias: BN follows) and "name.bn"; returns the BN node.
    @discardableResult
    static func conv(_ b: inout GraphBuilder, _ name: String, inChannels: Int, outChannels: Int, kernel: Int,
                     stride: Int, groups: Int = 1) throws(GraphError) -> String {
        try b.add("\(name).conv", Conv2DOp(ConvGeometry(inChannels: inChannels, outChannels: outChannels, kernel: kernel,
                                                       stride: stride, padding: kernel / 2, groups: groups), bias: false))
        return try b.add("\(name).bn", BatchNormOp(channels: outChannels))
    }
}
