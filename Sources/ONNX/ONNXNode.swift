/// NodeProto: one op application.
public struct ONNXNode: Sendable, Equatable {
    public var name: String
    public var opType: String
    public var domain: String = ""
    public var inputs: [String]
    public var outputs: [String]
    public var attributes: [ONNXAttribute]

    public init(name: String, opType: String, inputs: [String], outputs: [String], attributes: [ONNXAttribute] = []) {
        self.name = name
        self.opType = opType
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    public func attribute(_ name: String) -> ONNXAttribute? { attributes.first { $0.name == name } }

    func int(_ name: String, default value: Int) -> Int { attribute(name)?.int.map { Int($0) } ?? value }
    func float(_ name: String, default value: Float) -> Float { attribute(name)?.float ?? value }
    func string(_ name: String, default value: String) -> String { attribute(name)?.string ?? value }
    func ints(_ name: String) -> [Int]? { attribute(name).map { $0.ints.map { Int($0) } } }

    init(reading r: inout ProtoReader) throws(ONNXError) {
        self.init(name: "", opType: "", inputs: [], outputs: [])
        while let (field, wt) = try r.readTag() {
            switch field {
            case 1: try r.expect(.lengthDelimited, wt, field: field); inputs.append(try r.readString())
            case 2: try r.expect(.lengthDelimited, wt, field: field); outputs.append(try r.readString())
            case 3: try r.expect(.lengthDelimited, wt, field: field); name = try r.readString()
            case 4: try r.expect(.lengthDelimited, wt, field: field); opType = try r.readString()
            case 5:
                try r.expect(.lengthDelimited, wt, field: field)
                var sub = try r.readMessage("AttributeProto")
                attributes.append(try ONNXAttribute(reading: &sub))
            case 7: try r.expect(.lengthDelimited, wt, field: field); domain = try r.readString()
            default: try r.skip(wt)
            }
        }
    }

    func write(to w: inout ProtoWriter) {
        for i in inputs { w.string(1, i) }
        for o in outputs { w.string(2, o) }
        w.string(3, name)
        w.string(4, opType)
        for a in attributes { w.message(5) { a.write(to: &$0) } }
        if !domain.isEmpty { w.string(7, domain) }
    }
}
