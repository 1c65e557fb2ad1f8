import CZlib
import Foundation

/// One array read from an IDX file, gzip-compressed or plain.
///
/// Layout: two zero bytes, a data-type byte, a rank byte, `rank` big-endian
/// UInt32 dimensions, then the elements in row-major order, big-endian.
public struct IDXArray: Sendable {
    public var dataType: IDXDataType
    public var dimensions: [Int]
    /// Raw big-endian element bytes.
    public var payload: [UInt8]

    public var count: Int { dimensions.reduce(1, *) }

    /// Refuses headers that claim more than this many payload bytes (16 GiB).
    public static let maximumPayloadBytes = 1 << 34

    public init(dataType: IDXDataType, dimensions: [Int], payload: [UInt8]) {
        precondition(dimensions.reduce(1, *) * dataType.byteWidth == payload.count,
                     "IDX payload of \(payload.count) bytes does not match \(dimensions) × \(dataType)")
        self.dataType = dataType
        self.dimensions = dimensions
        self.payload = payload
    }

    /// Reads `path`; gzip is detected by zlib, so plain files work too.
    public init(contentsOf path: String) throws {
        if let kind = FileKind.nonRegular(path) { throw IDXError.notARegularFile(path: path, kind: kind) }
        guard let file = gzopen(path, "rb") else { throw IDXError.cannotOpen(path: path) }
        defer { gzclose(file) }
        var reader = GzipReader(file: file, path: path)

        let magic = try reader.read(4)
        guard magic.count == 4 else {
            throw IDXError.truncated(path: path, expectedBytes: 4, actualBytes: magic.count)
        }
        guard magic[0] == 0, magic[1] == 0 else { throw IDXError.badMagic(path: path, bytes: magic) }
        guard let type = IDXDataType(rawValue: magic[2]) else {
            throw IDXError.unsupportedDataType(path: path, code: magic[2])
        }
        let rank = Int(magic[3])
        let dimBytes = try reader.read(4 * rank)
        guard dimBytes.count == 4 * rank else {
            throw IDXError.truncated(path: path, expectedBytes: 4 * rank, actualBytes: dimBytes.count)
        }
        var dims: [Int] = []
        for d in 0..<rank {
            let b = dimBytes[(4 * d)..<(4 * d + 4)].map(Int.init)
            dims.append(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3])
        }
        var total = type.byteWidth
        for d in dims {
            let (product, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow, product <= Self.maximumPayloadBytes else {
                throw IDXError.badDimensions(path: path, dimensions: dims)
            }
            total = product
        }
        guard rank > 0 else { throw IDXError.badDimensions(path: path, dimensions: dims) }

        let payload = try reader.read(total)
        guard payload.count == total else {
            throw IDXError.truncated(path: path, expectedBytes: total, actualBytes: payload.count)
        }
        guard try reader.read(1).isEmpty else { throw IDXError.trailingData(path: path, expectedBytes: total) }
        self.dataType = type
        self.dimensions = dims
        self.payload = payload
    }

    /// Elements converted to Float (big-endian decoding).
    public func floats() -> [Float] {
        let n = count
        var out = [Float](repeating: 0, count: n)
        payload.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                switch dataType {
                case .uint8:
                    for i in 0..<n { dst[i] = Float(src[i]) }
                case .int8:
                    for i in 0..<n { dst[i] = Float(Int8(bitPattern: src[i])) }
                case .int16:
                    for i in 0..<n { dst[i] = Float(Int16(bitPattern: Self.bigEndian16(src, i))) }
                case .int32:
                    for i in 0..<n { dst[i] = Float(Int32(bitPattern: Self.bigEndian32(src, i))) }
                case .float32:
                    for i in 0..<n { dst[i] = Float(bitPattern: Self.bigEndian32(src, i)) }
                case .float64:
                    for i in 0..<n { dst[i] = Float(Double(bitPattern: Self.bigEndian64(src, i))) }
                }
            }
        }
        return out
    }

    /// Elements as integers; nil for floating-point arrays.
    /// Exact: decoded directly, not through Float (which rounds int32 values above 2²⁴).
    public func integers() -> [Int]? {
        payload.withUnsafeBufferPointer { src -> [Int]? in
            switch dataType {
            case .float32, .float64: return nil
            case .uint8: return (0..<count).map { Int(src[$0]) }
            case .int8: return (0..<count).map { Int(Int8(bitPattern: src[$0])) }
            case .int16: return (0..<count).map { Int(Int16(bitPattern: Self.bigEndian16(src, $0))) }
            case .int32: return (0..<count).map { Int(Int32(bitPattern: Self.bigEndian32(src, $0))) }
            }
        }
    }

    private static func bigEndian16(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt16 {
        UInt16(p[2 * i]) << 8 | UInt16(p[2 * i + 1])
    }

    private static func bigEndian32(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 8 | UInt32(p[4 * i + k]) }
        return v
    }

    private static func bigEndian64(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<8 { v = v << 8 | UInt64(p[8 * i + k]) }
        return v
    }
}
