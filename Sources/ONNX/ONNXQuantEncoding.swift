import Quantization

/// Quantization parameters of one exported tensor, for the encodings JSON
/// (real value = (q − zeroPoint) · scale, q in [qmin, qmax]).
public struct ONNXQuantEncoding: Sendable, Codable, Equatable {
    /// ONNX tensor the parameters apply to (the input of its QuantizeLinear).
    public var tensor: String
    public var layer: String
    /// "weight", "activation" or "bias".
    public var role: String
    public var bits: Int
    public var signed: Bool
    public var symmetric: Bool
    /// Per-channel axis, nil when per tensor.
    public var axis: Int?
    public var scales: [Float]
    public var zeroPoints: [Int]
    public var qmin: Int
    public var qmax: Int

    public init(tensor: String, layer: String, role: String, params: QuantParams) {
        self.tensor = tensor
        self.layer = layer
        self.role = role
        bits = params.spec.bits
        signed = params.spec.isSigned
        symmetric = params.spec.isSymmetric
        if case .perChannel(let a) = params.spec.granularity { axis = a }
        scales = params.scales
        zeroPoints = params.zeroPoints
        qmin = params.spec.qmin
        qmax = params.spec.qmax
    }

    /// An int32 bias on the grid s_x·s_w per output channel (`BiasQuantization`).
    public init(tensor: String, layer: String, biasScales: [Float]) {
        self.tensor = tensor
        self.layer = layer
        role = "bias"
        bits = 32
        signed = true
        symmetric = true
        axis = 0
        scales = biasScales
        zeroPoints = [Int](repeating: 0, count: biasScales.count)
        qmin = Int(Int32.min)
        qmax = Int(Int32.max)
    }
}
