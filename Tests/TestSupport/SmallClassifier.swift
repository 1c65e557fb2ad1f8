import Tensor
import NeuralNet

/// The two-convolution Fashion-MNIST classifier the engine, report and TUI
/// tests search: big enough to have a first, a middle and a last layer, small
/// enough that a whole search with evaluations takes about a second.
public enum SmallClassifier {
    public static func graph(name: String) throws -> Graph {
        var b = GraphBuilder(name: name, inputShape: [28, 28, 1], seed: 5)
        try b.add("conv1", Conv2DOp(ConvGeometry(inChannels: 1, outChannels: 8, kernel: 3, stride: 2, padding: 1), bias: true))
        try b.add("relu1", ReLUOp())
        try b.add("conv2", Conv2DOp(ConvGeometry(inChannels: 8, outChannels: 16, kernel: 3, stride: 2, padding: 1), bias: true))
        try b.add("relu2", ReLUOp())
        try b.add("pool", GlobalAvgPoolOp())
        try b.add("fc", LinearOp(inFeatures: 16, outFeatures: 10))
        return b.graph
    }
}
