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
}
