import Foundation

/// A cursor over protobuf wire-format bytes (varint, fixed32/64,
/// length-delimited). Every read checks bounds, so damaged input yields an
/// `ONNXError` instead of a trap.
struct ProtoReader {
    /// Protobuf wire types this reader understands (groups are refused).
    enum WireType: Int {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    /// Deepest message nesting accepted (ONNX graphs nest a handful of levels;
    /// subgraphs in attributes a few more).
    static let maxDepth = 32

    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int
    let depth: Int
    /// Schema name used in error messages.
    let message: String

    init(bytes: [UInt8], message: String) {
        self.init(bytes: bytes, range: 0..<bytes.count, depth: 0, message: message)
    }

    private init(bytes: [UInt8], range: Range<Int>, depth: Int, message: String) {
        self.bytes = bytes
        offset = range.lowerBound
        end = range.upperBound
        self.depth = depth
        self.message = message
    }

    var isAtEnd: Bool { offset >= end }

    mutating func readVarint() throws(ONNXError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw .truncated(offset: offset) }
            let b = bytes[offset]
            offset += 1
            if shift == 63 && b > 1 { throw .malformed(offset: offset, reason: "varint overflows 64 bits") }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .malformed(offset: offset, reason: "varint longer than 10 bytes") }
        }
    }

    /// Next field's number and wire type, or nil at the end of the message.
    mutating func readTag() throws(ONNXError) -> (field: Int, wireType: WireType)? {
        guard !isAtEnd else { return nil }
        let start = offset
        let key = try readVarint()
        let field = key >> 3
        guard field > 0, field <= 536_870_911 else { throw .malformed(offset: start, reason: "field number \(field)") }
        guard let wt = WireType(rawValue: Int(key & 7)) else {
            throw .malformed(offset: start, reason: "unsupported wire type \(key & 7) for field \(field)")
        }
        return (Int(field), wt)
    }

    mutating func readFixed32() throws(ONNXError) -> UInt32 {
        guard end - offset >= 4 else { throw .truncated(offset: offset) }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    mutating func readFixed64() throws(ONNXError) -> UInt64 {
        guard end - offset >= 8 else { throw .truncated(offset: offset) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    /// Range of a length-delimited payload, after checking it fits.
    mutating func readLengthDelimited() throws(ONNXError) -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(end - offset) else { throw .truncated(offset: offset) }
        let r = offset..<(offset + Int(length))
        offset = r.upperBound
        return r
    }

    mutating func readBytes() throws(ONNXError) -> [UInt8] {
        Array(bytes[try readLengthDelimited()])
    }

    mutating func readString() throws(ONNXError) -> String {
        String(decoding: bytes[try readLengthDelimited()], as: UTF8.self)
    }

    /// A reader over an embedded message.
    mutating func readMessage(_ name: String) throws(ONNXError) -> ProtoReader {
        let r = try readLengthDelimited()
        guard depth + 1 <= Self.maxDepth else { throw .tooLarge("message nesting (deeper than \(Self.maxDepth))") }
        return ProtoReader(bytes: bytes, range: r, depth: depth + 1, message: name)
    }

    /// Skips a field this decoder does not use.
    mutating func skip(_ wireType: WireType) throws(ONNXError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        }
    }

    func expect(_ wireType: WireType, _ actual: WireType, field: Int) throws(ONNXError) {
        guard wireType == actual else { throw .wrongWireType(message: message, field: field, wireType: actual.rawValue) }
    }

    /// A scalar varint field (int32/int64 are two's complement in 64 bits).
    mutating func readInt64(_ wt: WireType, field: Int) throws(ONNXError) -> Int64 {
        try expect(.varint, wt, field: field)
        return Int64(bitPattern: try readVarint())
    }

    mutating func readFloat(_ wt: WireType, field: Int) throws(ONNXError) -> Float {
        try expect(.fixed32, wt, field: field)
        return Float(bitPattern: try readFixed32())
    }

    /// Repeated int64/int32 that may arrive packed (proto3 style) or one per tag (proto2).
    mutating func readRepeatedInt64(_ wt: WireType, field: Int, into out: inout [Int64]) throws(ONNXError) {
        if wt == .lengthDelimited {
            var sub = try readMessage(message)
            while !sub.isAtEnd { out.append(Int64(bitPattern: try sub.readVarint())) }
        } else {
            out.append(try readInt64(wt, field: field))
        }
    }

    mutating func readRepeatedFloat(_ wt: WireType, field: Int, into out: inout [Float]) throws(ONNXError) {
        if wt == .lengthDelimited {
            let r = try readLengthDelimited()
            guard r.count % 4 == 0 else { throw .malformed(offset: r.lowerBound, reason: "packed floats of \(r.count) bytes") }
            out.reserveCapacity(out.count + r.count / 4)
            var i = r.lowerBound
            while i < r.upperBound {
                let v = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
                out.append(Float(bitPattern: v))
                i += 4
            }
        } else {
            out.append(try readFloat(wt, field: field))
        }
    }
}
