import Foundation
import NeuralNet

/// ModelProto: the file-level container (IR version, opsets, one graph).
public struct ONNXModel: Sendable, Equatable {
    public var irVersion: Int64 = 7
    public var producerName: String = "dqss"
    /// Opset version of the default ("" / "ai.onnx") domain.
    public var opsetVersion: Int64 = 13
    public var graph: ONNXGraph
    /// metadata_props: free-form key/value pairs (dqss records the image size a model was built at).
    public var metadata: [String: String] = [:]

    /// The metadata key holding "H,W", the size to import a dynamic-size dqss export at.
    public static let inputSizeKey = "dqss.input_size"

    /// The metadata key holding "pixels,mode" (e.g. "2,edge"): the padding dqss
    /// gave the input of an exported model whose convolutions are unpadded.
    /// The model itself is left as it was; whoever runs it pads the same way.
    public static let inputPaddingKey = "dqss.input_padding"

    public init(graph: ONNXGraph, opsetVersion: Int64 = 13) {
        self.graph = graph
        self.opsetVersion = opsetVersion
    }

    /// Files larger than this are refused before parsing.
    static let maxFileSize = 2 << 30

    public static func read(_ url: URL) throws -> ONNXModel {
        if let kind = InputFile.nonRegularKind(url.path) {
            throw ONNXError.invalidGraph("\(url.path) is a \(kind), not a file; pass the .onnx file itself")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ONNXError.invalidGraph("cannot read \(url.path); check the path")
        }
        return try decode([UInt8](data))
    }

    public static func decode(_ bytes: [UInt8]) throws(ONNXError) -> ONNXModel {
        guard bytes.count <= maxFileSize else { throw .tooLarge("file of \(bytes.count) bytes") }
        var r = ProtoReader(bytes: bytes, message: "ModelProto")
        var model = ONNXModel(graph: ONNXGraph(name: ""))
        var sawGraph = false
        model.producerName = ""
        model.opsetVersion = 0
        while let (field, wt) = try r.readTag() {
            switch field {
            case 1: model.irVersion = try r.readInt64(wt, field: field)
            case 2: try r.expect(.lengthDelimited, wt, field: field); model.producerName = try r.readString()
            case 7:
                try r.expect(.lengthDelimited, wt, field: field)
                var sub = try r.readMessage("GraphProto")
                model.graph = try ONNXGraph(reading: &sub)
                sawGraph = true
            case 8:
                try r.expect(.lengthDelimited, wt, field: field)
                var sub = try r.readMessage("OperatorSetIdProto")
                var domain = "", version: Int64 = 0
                while let (f, w) = try sub.readTag() {
                    switch f {
                    case 1: try sub.expect(.lengthDelimited, w, field: f); domain = try sub.readString()
                    case 2: version = try sub.readInt64(w, field: f)
                    default: try sub.skip(w)
                    }
                }
                if domain.isEmpty || domain == "ai.onnx" { model.opsetVersion = version }
            case 14:
                try r.expect(.lengthDelimited, wt, field: field)
                var sub = try r.readMessage("StringStringEntryProto")
                var key = "", value = ""
                while let (f, w) = try sub.readTag() {
                    switch f {
                    case 1: try sub.expect(.lengthDelimited, w, field: f); key = try sub.readString()
                    case 2: try sub.expect(.lengthDelimited, w, field: f); value = try sub.readString()
                    default: try sub.skip(w)
                    }
                }
                guard model.metadata.count < 1024 else { throw .tooLarge("metadata_props") }
                model.metadata[key] = value
            default: try r.skip(wt)
            }
        }
        guard sawGraph else { throw .invalidGraph("the file has no graph (not an ONNX model?)") }
        return model
    }

    public func encode() -> [UInt8] {
        var w = ProtoWriter()
        w.int(1, irVersion)
        w.string(2, producerName)
        w.message(7) { graph.write(to: &$0) }
        w.message(8) { op in
            op.string(1, "")
            op.int(2, opsetVersion)
        }
        for key in metadata.keys.sorted() {
            w.message(14) { entry in
                entry.string(1, key)
                entry.string(2, metadata[key]!)
            }
        }
        return w.bytes
    }

    public func write(to url: URL) throws {
        try AtomicFile.write(Data(encode()), to: url)
    }
}
