/// What an ONNX tensor name stands for while importing.
enum ImportedValue {
    /// The output of a graph node. `logical` is the ONNX per-sample shape, which
    /// differs from the node's shape only after GlobalAveragePool ([C, 1, 1] vs [C]).
    case node(String, logical: [Int])
    /// A constant (initializer or Constant output).
    case constant(ONNXTensor)
    /// A node's output with zero padding still to apply (top, left, bottom, right):
    /// only a following Conv may absorb it.
    case padded(String, pads: [Int], logical: [Int])
    /// Shape arithmetic folded at import.
    case folded(FoldedValues)
    /// A node's [C, H, W] output viewed as [groups, C/groups, H, W] (the first
    /// Reshape of a channel shuffle), optionally with the two group axes swapped.
    case channelGroups(String, groups: Int, transposed: Bool, logical: [Int])
    /// A node's [N, K] features with the two axes swapped ([K, N]), as a
    /// Transpose(perm [1, 0]) or a batch-1 Reshape to [K, 1] writes them for a
    /// Gemm with transA=1: only that Gemm or a Transpose back may read it.
    case swappedFeatures(String, features: Int)
    /// A node's map as ONNX sees it in [N, H, W, C] order (`logical` is
    /// [H, W, C]), which is how the engine holds it: a Keras model's input, or
    /// a Transpose(perm [0, 2, 3, 1]) before a Keras Flatten.
    case channelsLast(String, logical: [Int])
    /// Computed by a node that could not be imported (already reported).
    case unavailable
}
