/// GraphProto: nodes in topological order, initializers, inputs and outputs.
public struct ONNXGraph: Sendable, Equatable {
    public var name: String
    public var nodes: [ONNXNode] = []
    public var initializers: [ONNXTensor] = []
    public var inputs: [ONNXValueInfo] = []
    public var outputs: [ONNXValueInfo] = []

    public init(name: String) { self.name = name }

    init(reading r: inout ProtoReader) throws(ONNXError) {
        self.init(name: "")
        while let (field, wt) = try r.readTag() {
            switch field {
            case 1:
                try r.expect(.lengthDelimited, wt, field: field)
                var sub = try r.readMessage("NodeProto")
                nodes.append(try ONNXNode(reading: &sub))
            case 2: try r.expect(.lengthDelimited, wt, field: field); name = try r.readString()
            case 5:
                try r.expect(.lengthDelimited, wt, field: field)
                var sub = try r.readMessage("TensorProto")
                initializers.append(try ONNXTensor(reading: &sub))
            case 11, 12:
                try r.expect(.lengthDelimited, wt, field: field)
                var sub = try r.readMessage("ValueInfoProto")
                let info = try ONNXValueInfo(reading: &sub)
                if field == 11 { inputs.append(info) } else { outputs.append(info) }
            default: try r.skip(wt)
            }
        }
    }

    func write(to w: inout ProtoWriter) {
        for n in nodes { w.message(1) { n.write(to: &$0) } }
        w.string(2, name)
        for t in initializers { w.message(5) { t.write(to: &$0) } }
        for i in inputs { w.message(11) { i.write(to: &$0) } }
        for o in outputs { w.message(12) { o.write(to: &$0) } }
    }
}
