import Tensor

/// How a node's parameter starts before training.
public enum ParameterInit: Sendable, Equatable {
    case zeros
    case ones
    case constant(Float)
    /// Kaiming/He normal: std = sqrt(2 / fan).
    case heNormal(fan: Int)
    /// Uniform in [−bound, bound].
    case uniform(bound: Float)

    public func make(_ shape: [Int], generator: inout SeededGenerator) -> Tensor {
        switch self {
        case .zeros: return Tensor(zeros: shape)
        case .ones: return Tensor(repeating: 1, shape: shape)
        case .constant(let v): return Tensor(repeating: v, shape: shape)
        case .heNormal(let fan):
            return Tensor.randomNormal(shape, std: (2 / Float(max(1, fan))).squareRoot(), generator: &generator)
        case .uniform(let bound):
            return Tensor.randomUniform(shape, low: -bound, high: bound, generator: &generator)
        }
    }
}

/// A parameter (trainable) or buffer (state updated by the forward pass, such
/// as batch-norm running statistics) that an op owns. Stored in the graph
/// under "nodeName.name".
public struct ParameterSpec: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var initializer: ParameterInit
    public var trainable: Bool

    public init(_ name: String, shape: [Int], initializer: ParameterInit, trainable: Bool = true) {
        self.name = name
        self.shape = shape
        self.initializer = initializer
        self.trainable = trainable
    }
}

/// Run-time switches shared by every op in one pass.
public struct ExecutionContext: Sendable {
    /// Training mode: batch statistics in batch norm, state kept for backward.
    public var training: Bool
    /// Softmax temperature of searchable (mixed) layers.
    public var temperature: Float
    /// When set, the graph records each op's wall time into it (`dqss bench --profile`).
    public var profile: ExecutionProfile?

    public init(training: Bool, temperature: Float = 1, profile: ExecutionProfile? = nil) {
        self.training = training
        self.temperature = temperature
        self.profile = profile
    }

    public static let inference = ExecutionContext(training: false)
    public static let training = ExecutionContext(training: true)
}

/// What an op's forward pass returns.
public struct OpResult: Sendable {
    public var output: Tensor
    /// Anything the backward pass needs beyond inputs and output.
    public var saved: (any Sendable)?
    /// New values for buffers (by index into `parameterSpecs`), e.g. running statistics.
    public var bufferUpdates: [Int: Tensor]

    public init(_ output: Tensor, saved: (any Sendable)? = nil, bufferUpdates: [Int: Tensor] = [:]) {
        self.output = output
        self.saved = saved
        self.bufferUpdates = bufferUpdates
    }
}

/// Gradients an op's backward pass returns: one per input (nil where not
/// needed) and one per parameter spec (nil for buffers or frozen ones).
public struct OpGradients: Sendable {
    public var inputs: [Tensor?]
    public var parameters: [Tensor?]

    public init(inputs: [Tensor?], parameters: [Tensor?] = []) {
        self.inputs = inputs
        self.parameters = parameters
    }
}

/// What the backward pass of one node gets.
public struct BackwardInput: Sendable {
    public var gradOutput: Tensor
    public var inputs: [Tensor]
    public var output: Tensor
    public var parameters: [Tensor]
    public var saved: (any Sendable)?
    /// Which inputs need a gradient (the graph input, for one, does not).
    public var inputNeedsGradient: [Bool]
    public var context: ExecutionContext

    public init(gradOutput: Tensor, inputs: [Tensor], output: Tensor, parameters: [Tensor], saved: (any Sendable)?,
                inputNeedsGradient: [Bool], context: ExecutionContext) {
        self.gradOutput = gradOutput
        self.inputs = inputs
        self.output = output
        self.parameters = parameters
        self.saved = saved
        self.inputNeedsGradient = inputNeedsGradient
        self.context = context
    }
}

/// One operation of the graph IR. Value types; a node's parameters live in
/// the graph, so rewrites (BN folding, quantizer insertion, the search
/// supernet) only swap ops and parameter entries.
public protocol GraphOp: Sendable {
    /// Short type name ("conv2d", "relu"), used in listings and exports.
    var kind: String { get }
    var parameterSpecs: [ParameterSpec] { get }
    /// Per-sample output shape (no batch dimension) for per-sample input shapes.
    func outputShape(for inputShapes: [[Int]]) throws(ShapeError) -> [Int]
    func forward(_ inputs: [Tensor], parameters: [Tensor], context: ExecutionContext) -> OpResult
    func backward(_ input: BackwardInput) -> OpGradients
    /// Multiply-accumulates per sample, for the model listing.
    func macs(inputShapes: [[Int]], outputShape: [Int]) -> Int
}

extension GraphOp {
    public var parameterSpecs: [ParameterSpec] { [] }
    public func macs(inputShapes: [[Int]], outputShape: [Int]) -> Int { 0 }
}

/// A shape contract broken while building a graph.
public struct ShapeError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
