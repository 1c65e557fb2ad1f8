/// Which bit-width each candidate of each layer has.
///
/// Every layer has the same candidate slots on a side, so strategies, pins
/// and the heatmap's columns index them alike: slot j is method j % M at the
/// (j / M)-th bit-width of the choices (M methods). With one bit-width the
/// slots are the methods, as in the uniform-precision search. The first and
/// last-layer rule gives those layers 8 bits in every slot.
public struct BitPolicy: Sendable, Equatable {
    public var choices: BitChoices
    public var firstAndLastAt8Bits: Bool

    public init(choices: BitChoices, firstAndLastAt8Bits: Bool = false) {
        self.choices = choices
        self.firstAndLastAt8Bits = firstAndLastAt8Bits
    }

    public init(bits: BitWidths, firstAndLastAt8Bits: Bool = false) {
        self.init(choices: BitChoices(bits), firstAndLastAt8Bits: firstAndLastAt8Bits)
    }

    /// The bit-width of every weight slot of layer `index` among `count` layers, for `methods` methods.
    public func weightBits(layer index: Int, of count: Int, methods: Int) -> [Int] {
        slots(choices.weight, layer: index, of: count, methods: methods)
    }

    public func activationBits(layer index: Int, of count: Int, methods: Int) -> [Int] {
        slots(choices.activation, layer: index, of: count, methods: methods)
    }

    func slots(_ bits: [Int], layer index: Int, of count: Int, methods: Int) -> [Int] {
        let edge = firstAndLastAt8Bits && (index == 0 || index == count - 1)
        return bits.flatMap { b in [Int](repeating: edge ? 8 : b, count: methods) }
    }

    /// The method of slot `j` among `methods` methods.
    public static func method(ofSlot j: Int, methods: Int) -> Int { j % methods }

    /// Slot names: the method names with one bit-width, "mse@4" with several.
    public static func names(_ methods: [String], bits: [Int]) -> [String] {
        guard bits.count > 1 else { return methods }
        return bits.flatMap { b in methods.map { "\($0)@\(b)" } }
    }
}
