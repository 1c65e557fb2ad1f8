/// ValueInfoProto of a tensor: name, element type and shape (nil entries
/// are symbolic, unknown, −1 or 0: dynamic dimensions).
public struct ONNXValueInfo: Sendable, Equatable {
    public var name: String
    public var elementType: Int32
    public var shape: [Int?]
    /// Names of symbolic dimensions (index → name), e.g. the batch "N".
    public var symbolicNames: [Int: String] = [:]

    public init(name: String, elementType: Int32 = 1, shape: [Int?], symbolicNames: [Int: String] = [:]) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
        self.symbolicNames = symbolicNames
    }

    init(reading r: inout ProtoReader) throws(ONNXError) {
        self.init(name: "", elementType: 0, shape: [])
        while let (field, wt) = try r.readTag() {
            switch field {
            case 1: try r.expect(.lengthDelimited, wt, field: field); name = try r.readString()
            case 2:
                try r.expect(.lengthDelimited, wt, field: field)
                var type = try r.readMessage("TypeProto")
                while let (f2, w2) = try type.readTag() {
                    guard f2 == 1 else { try type.skip(w2); continue }
                    try type.expect(.lengthDelimited, w2, field: f2)
                    var tensor = try type.readMessage("TypeProto.Tensor")
                    while let (f3, w3) = try tensor.readTag() {
                        switch f3 {
                        case 1: elementType = Int32(truncatingIfNeeded: try tensor.readInt64(w3, field: f3))
                        case 2:
                            try tensor.expect(.lengthDelimited, w3, field: f3)
                            var shapeReader = try tensor.readMessage("TensorShapeProto")
                            try readShape(&shapeReader)
                        default: try tensor.skip(w3)
                        }
                    }
                }
            default: try r.skip(wt)
            }
        }
    }

    private mutating func readShape(_ r: inout ProtoReader) throws(ONNXError) {
        shape = []
        while let (field, wt) = try r.readTag() {
            guard field == 1 else { try r.skip(wt); continue }
            try r.expect(.lengthDelimited, wt, field: field)
            var dim = try r.readMessage("TensorShapeProto.Dimension")
            var value: Int?
            while let (f, w) = try dim.readTag() {
                switch f {
                case 1:
                    // −1 and 0 are how some exporters write a dynamic dimension.
                    let v = try dim.readInt64(w, field: f)
                    guard v <= Int64(ONNXTensor.maxElements) else { throw .tooLarge("dimension \(v) of '\(name)'") }
                    value = v > 0 ? Int(v) : nil
                case 2: try dim.expect(.lengthDelimited, w, field: f); symbolicNames[shape.count] = try dim.readString()
                default: try dim.skip(w)
                }
            }
            guard shape.count < 16 else { throw .tooLarge("rank of '\(name)'") }
            shape.append(value)
        }
    }

    func write(to w: inout ProtoWriter) {
        w.string(1, name)
        w.message(2) { type in
            type.message(1) { tensor in
                tensor.int(1, Int64(elementType))
                tensor.message(2) { shapeWriter in
                    for (i, d) in shape.enumerated() {
                        shapeWriter.message(1) { dim in
                            if let d { dim.int(1, Int64(d)) } else { dim.string(2, symbolicNames[i] ?? "N") }
                        }
                    }
                }
            }
        }
    }
}
