/// What one quantized layer costs per bit: its weight count and its
/// multiply-accumulates per input, and the bit-width of each candidate slot.
public struct LayerCost: Sendable, Equatable {
    public var parameters: Double
    public var macs: Double
    public var weightBits: [Int]
    public var activationBits: [Int]

    public init(parameters: Double, macs: Double, weightBits: [Int], activationBits: [Int]) {
        self.parameters = parameters
        self.macs = macs
        self.weightBits = weightBits
        self.activationBits = activationBits
    }

    /// Expected bits under probabilities `p` over the slots.
    static func expected(_ bits: [Int], _ p: [Float]) -> Double {
        zip(bits, p).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
}
