import Tensor

/// DoReFa's weight levels as an integer grid, for export.
///
/// The forward's 2^k levels are M·(2q − 1) with q = j/n, n = 2^k − 1, i.e.
/// (2j − n)·(M/n): odd integer codes in [−n, n] on the scale M/n (1/n without
/// the restored scale). That is a (k+1)-bit signed symmetric narrow grid of
/// which DoReFa uses every other code, so a QuantizeLinear/DequantizeLinear
/// pair reproduces the quantized weights. At 8 bits the codes need 9 bits,
/// more than int8 holds: nil.
extension DoReFaWeightQuantizer {
    public func exportGrid(for w: Tensor) -> QuantParams? {
        guard bits + 1 <= 8 else { return nil }
        let m = restoresScale ? normalised(w).m : 1
        return QuantParams(spec: QuantSpec(bits: bits + 1, signed: true, symmetric: true, narrowRange: true),
                           scales: [m / levels], zeroPoints: [0])
    }
}
