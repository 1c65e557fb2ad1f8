import Foundation

/// JSON has no NaN or infinity. Files dqss writes spell them as the strings below,
/// so a NaN loss or an infinite PSNR is recorded as such instead of aborting the write.
public enum NonFiniteJSON {
    public static let positiveInfinity = "inf"
    public static let negativeInfinity = "-inf"
    public static let nan = "nan"

    public static let encoding = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: nan)
    public static let decoding = JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(
        positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: nan)

    /// An encoder with sorted keys that writes non-finite numbers as strings.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = encoding
        return e
    }

    /// A decoder that reads what `encoder()` writes.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = decoding
        return d
    }
}
