import Tensor

/// ResNet-20 in the CIFAR style (He et al. 2016, §4.2): a 3×3 stem, three
/// stages of three basic blocks with 16/32/64 channels, global pooling and a
/// linear classifier. Down-sampling shortcuts are 1×1 convolutions with batch
/// norm (option B), so every shortcut is a quantizable layer too.
public enum ResNet20 {
    public static func build(inputShape: [Int] = [28, 28, 1], classes: Int = 10, seed: UInt64 = 0) throws(GraphError) -> Graph {
        var b = GraphBuilder(name: "resnet20", inputShape: inputShape, seed: seed)
        try convBN(&b, "stem", inChannels: inputShape[2], outChannels: 16, stride: 1)
        try b.add("stem.relu", ReLUOp())
        var channels = 16
        for (stage, width) in [16, 32, 64].enumerated() {
            for block in 0..<3 {
                let stride = (stage > 0 && block == 0) ? 2 : 1
                let prefix = "stage\(stage + 1).block\(block)"
                let input = b.last
                try convBN(&b, "\(prefix).conv1", bnName: "\(prefix).bn1", inChannels: channels, outChannels: width, stride: stride)
                try b.add("\(prefix).relu1", ReLUOp())
                try convBN(&b, "\(prefix).conv2", bnName: "\(prefix).bn2", inChannels: width, outChannels: width, stride: 1)
                let main = b.last
                var shortcut = input
                if stride != 1 || channels != width {
                    try b.add("\(prefix).shortcut.conv",
                              Conv2DOp(ConvGeometry(inChannels: channels, outChannels: width, kernel: 1, stride: stride), bias: false),
                              inputs: [input])
                    shortcut = try b.add("\(prefix).shortcut.bn", BatchNormOp(channels: width))
                }
                try b.add("\(prefix).add", AddOp(), inputs: [main, shortcut])
                try b.add("\(prefix).relu2", ReLUOp())
                channels = width
            }
        }
        try b.add("pool", GlobalAvgPoolOp())
        try b.add("fc", LinearOp(inFeatures: channels, outFeatures: classes))
        return b.graph
    }

    static func convBN(_ b: inout GraphBuilder, _ name: String, bnName: String? = nil,
                       inChannels: Int, outChannels: Int, stride: Int) throws(GraphError) {
        let conv = name.hasSuffix("conv") || name.contains(".conv") ? name : "\(name).conv"
        try b.add(conv, Conv2DOp(ConvGeometry(inChannels: inChannels, outChannels: outChannels, kernel: 3,
                                               stride: stride, padding: 1), bias: false))
        try b.add(bnName ?? "\(name).bn", BatchNormOp(channels: outChannels))
    }
}
