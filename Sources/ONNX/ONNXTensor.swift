/// TensorProto: a named constant (initializer, attribute or Constant value).
public struct ONNXTensor: Sendable, Equatable {
    /// TensorProto.DataType codes used here.
    public enum DataType: Int32, Sendable {
        case float = 1, uint8 = 2, int8 = 3, int32 = 6, int64 = 7, double = 11
    }

    public var name: String
    public var dims: [Int]
    public var dataType: Int32
    public var floatData: [Float] = []
    public var int32Data: [Int64] = []
    public var int64Data: [Int64] = []
    public var doubleData: [Double] = []
    public var rawData: [UInt8] = []
    /// Set when the payload lives in a separate file (not supported).
    public var hasExternalData = false

    public init(name: String, dims: [Int], dataType: Int32) {
        self.name = name
        self.dims = dims
        self.dataType = dataType
    }

    /// A float tensor, stored as raw little-endian bytes.
    public init(name: String, shape: [Int], floats: [Float]) {
        self.init(name: name, dims: shape, dataType: DataType.float.rawValue)
        rawData = Self.littleEndianBytes(floats.map(\.bitPattern))
    }

    public init(name: String, shape: [Int], int64s: [Int64]) {
        self.init(name: name, dims: shape, dataType: DataType.int64.rawValue)
        int64Data = int64s
    }

    /// An int32 tensor, stored as raw little-endian bytes.
    public init(name: String, shape: [Int], int32s: [Int32]) {
        self.init(name: name, dims: shape, dataType: DataType.int32.rawValue)
        rawData = Self.littleEndianBytes(int32s.map { UInt32(bitPattern: $0) })
    }

    /// 32-bit words as raw_data: little-endian, as ONNX stores them.
    static func littleEndianBytes(_ words: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * 4)
        for b in words { bytes.append(contentsOf: [UInt8(b & 0xff), UInt8(b >> 8 & 0xff), UInt8(b >> 16 & 0xff), UInt8(b >> 24)]) }
        return bytes
    }

    /// An int8 (signed) or uint8 tensor holding `values` (already in range).
    public init(name: String, shape: [Int], bytes values: [Int], signed: Bool) {
        self.init(name: name, dims: shape, dataType: (signed ? DataType.int8 : DataType.uint8).rawValue)
        rawData = values.map { UInt8(truncatingIfNeeded: $0) }
    }

    /// Largest element count accepted (1 G floats): beyond that the file is damaged.
    static let maxElements = 1 << 30

    public var elementCount: Int { dims.reduce(1, *) }

    func checkedCount() throws(ONNXError) -> Int {
        var n = 1
        for d in dims {
            guard d >= 0 else { throw .unsupportedTensor(name: name, reason: "negative dimension \(d)") }
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow, p <= Self.maxElements else { throw .tooLarge("tensor '\(name)' with dims \(dims)") }
            n = p
        }
        return n
    }

    /// The values of a FLOAT tensor (float_data or raw_data). Parameters must
    /// be float: other element types are refused rather than converted.
    public func floats() throws(ONNXError) -> [Float] {
        guard !hasExternalData else { throw .unsupportedTensor(name: name, reason: "external data files are not supported; save the model with all tensors inside") }
        guard dataType == DataType.float.rawValue else {
            throw .unsupportedTensor(name: name, reason: "element type \(Self.typeName(dataType)); only FLOAT parameters are supported")
        }
        let n = try checkedCount()
        if !rawData.isEmpty {
            guard rawData.count == 4 * n else {
                throw .unsupportedTensor(name: name, reason: "raw_data holds \(rawData.count) bytes for \(n) floats")
            }
            var out = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let b = UInt32(rawData[4 * i]) | UInt32(rawData[4 * i + 1]) << 8
                    | UInt32(rawData[4 * i + 2]) << 16 | UInt32(rawData[4 * i + 3]) << 24
                out[i] = Float(bitPattern: b)
            }
            return out
        }
        guard floatData.count == n else {
            throw .unsupportedTensor(name: name, reason: "float_data holds \(floatData.count) values for dims \(dims)")
        }
        return floatData
    }

    /// Values of a small shape-like constant (Reshape shape, Resize scales,
    /// Pad pads, Clip bounds): FLOAT, DOUBLE, INT32 or INT64.
    public func numbers() throws(ONNXError) -> [Double] {
        guard !hasExternalData else { throw .unsupportedTensor(name: name, reason: "external data files are not supported") }
        let n = try checkedCount()
        switch DataType(rawValue: dataType) {
        case .float: return try floats().map(Double.init)
        case .int64, .double:
            let width = 8
            if !rawData.isEmpty {
                guard rawData.count == width * n else {
                    throw .unsupportedTensor(name: name, reason: "raw_data holds \(rawData.count) bytes for \(n) values")
                }
                return (0..<n).map { i in
                    var v: UInt64 = 0
                    for k in 0..<8 { v |= UInt64(rawData[8 * i + k]) << (8 * UInt64(k)) }
                    return dataType == DataType.double.rawValue ? Double(bitPattern: v) : Double(Int64(bitPattern: v))
                }
            }
            let values = dataType == DataType.double.rawValue ? doubleData : int64Data.map(Double.init)
            guard values.count == n else { throw .unsupportedTensor(name: name, reason: "holds \(values.count) values for dims \(dims)") }
            return values
        case .int32:
            if !rawData.isEmpty {
                guard rawData.count == 4 * n else {
                    throw .unsupportedTensor(name: name, reason: "raw_data holds \(rawData.count) bytes for \(n) values")
                }
                return (0..<n).map { i in
                    var v: UInt32 = 0
                    for k in 0..<4 { v |= UInt32(rawData[4 * i + k]) << (8 * UInt32(k)) }
                    return Double(Int32(bitPattern: v))
                }
            }
            guard int32Data.count == n else { throw .unsupportedTensor(name: name, reason: "holds \(int32Data.count) values for dims \(dims)") }
            return int32Data.map(Double.init)
        default:
            throw .unsupportedTensor(name: name, reason: "element type \(Self.typeName(dataType)) is not supported here")
        }
    }

    static func typeName(_ code: Int32) -> String {
        let names: [Int32: String] = [1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16", 6: "INT32", 7: "INT64",
                                      8: "STRING", 9: "BOOL", 10: "FLOAT16", 11: "DOUBLE", 12: "UINT32", 13: "UINT64", 16: "BFLOAT16"]
        return names[code] ?? "type \(code)"
    }

    init(reading r: inout ProtoReader) throws(ONNXError) {
        self.init(name: "", dims: [], dataType: 0)
        var dims64: [Int64] = []
        while let (field, wt) = try r.readTag() {
            switch field {
            case 1: try r.readRepeatedInt64(wt, field: field, into: &dims64)
            case 2: dataType = Int32(truncatingIfNeeded: try r.readInt64(wt, field: field))
            case 4: try r.readRepeatedFloat(wt, field: field, into: &floatData)
            case 5: try r.readRepeatedInt64(wt, field: field, into: &int32Data)
            case 7: try r.readRepeatedInt64(wt, field: field, into: &int64Data)
            case 8: try r.expect(.lengthDelimited, wt, field: field); name = try r.readString()
            case 9: try r.expect(.lengthDelimited, wt, field: field); rawData = try r.readBytes()
            case 10:
                if wt == .lengthDelimited {
                    var sub = try r.readMessage("TensorProto.double_data")
                    while !sub.isAtEnd { doubleData.append(Double(bitPattern: try sub.readFixed64())) }
                } else {
                    try r.expect(.fixed64, wt, field: field)
                    doubleData.append(Double(bitPattern: try r.readFixed64()))
                }
            case 13: try r.expect(.lengthDelimited, wt, field: field); _ = try r.readLengthDelimited(); hasExternalData = true
            case 14:
                if try r.readInt64(wt, field: field) == 1 { hasExternalData = true }
            default: try r.skip(wt)
            }
        }
        guard dims64.count <= 16 else { throw .tooLarge("tensor rank \(dims64.count)") }
        guard dims64.allSatisfy({ $0 >= 0 && $0 <= Int64(Self.maxElements) }) else {
            throw .tooLarge("tensor '\(name)' dimension in \(dims64)")
        }
        dims = dims64.map { Int($0) }
    }

    func write(to w: inout ProtoWriter) {
        for d in dims { w.int(1, Int64(d)) }
        w.int(2, Int64(dataType))
        if !floatData.isEmpty { w.packedFloats(4, floatData) }
        if !int64Data.isEmpty {
            w.message(7) { sub in for v in int64Data { sub.writeVarint(UInt64(bitPattern: v)) } }
        }
        w.string(8, name)
        if !rawData.isEmpty { w.bytes(9, rawData) }
    }
}
