/// AttributeProto: a named node attribute. Only the kinds the importer uses
/// are decoded (graphs and sparse tensors are skipped).
public struct ONNXAttribute: Sendable, Equatable {
    public var name: String
    public var type: Int32 = 0
    public var float: Float?
    public var int: Int64?
    public var string: String?
    public var tensor: ONNXTensor?
    public var floats: [Float] = []
    public var ints: [Int64] = []
    public var strings: [String] = []

    public init(name: String) { self.name = name }

    public static func int(_ name: String, _ v: Int) -> ONNXAttribute {
        var a = ONNXAttribute(name: name)
        a.type = 2
        a.int = Int64(v)
        return a
    }

    public static func float(_ name: String, _ v: Float) -> ONNXAttribute {
        var a = ONNXAttribute(name: name)
        a.type = 1
        a.float = v
        return a
    }

    public static func ints(_ name: String, _ v: [Int]) -> ONNXAttribute {
        var a = ONNXAttribute(name: name)
        a.type = 7
        a.ints = v.map(Int64.init)
        return a
    }

    public static func string(_ name: String, _ v: String) -> ONNXAttribute {
        var a = ONNXAttribute(name: name)
        a.type = 3
        a.string = v
        return a
    }

    public static func tensor(_ name: String, _ v: ONNXTensor) -> ONNXAttribute {
        var a = ONNXAttribute(name: name)
        a.type = 4
        a.tensor = v
        return a
    }

    init(reading r: inout ProtoReader) throws(ONNXError) {
        self.init(name: "")
        while let (field, wt) = try r.readTag() {
            switch field {
            case 1: try r.expect(.lengthDelimited, wt, field: field); name = try r.readString()
            case 2: float = try r.readFloat(wt, field: field)
            case 3: int = try r.readInt64(wt, field: field)
            case 4: try r.expect(.lengthDelimited, wt, field: field); string = try r.readString()
            case 5:
                try r.expect(.lengthDelimited, wt, field: field)
                var sub = try r.readMessage("TensorProto")
                tensor = try ONNXTensor(reading: &sub)
            case 7: try r.readRepeatedFloat(wt, field: field, into: &floats)
            case 8: try r.readRepeatedInt64(wt, field: field, into: &ints)
            case 9: try r.expect(.lengthDelimited, wt, field: field); strings.append(try r.readString())
            case 20: type = Int32(truncatingIfNeeded: try r.readInt64(wt, field: field))
            default: try r.skip(wt)
            }
        }
    }

    func write(to w: inout ProtoWriter) {
        w.string(1, name)
        if let f = float { w.float(2, f) }
        if let i = int { w.int(3, i) }
        if let s = string { w.string(4, s) }
        if let t = tensor { w.message(5) { t.write(to: &$0) } }
        for f in floats { w.float(7, f) }
        for i in ints { w.int(8, i) }
        for s in strings { w.string(9, s) }
        w.int(20, Int64(type))
    }
}
