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
    /// Computed by a node that could not be imported (already reported).
    case unavailable
}
