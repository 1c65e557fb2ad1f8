import Foundation
import Testing
import Tensor
import NeuralNet
import ONNX

/// Damaged or unsupported files give typed errors, never a crash.
struct ONNXMalformedTests {
    static func validBytes() throws -> [UInt8] {
        var graph = try ModelZoo.entry("resnet20").build(1)
        graph.name = "resnet20"
        return try ONNXExporter.export(graph).model.encode()
    }

    @Test func truncatedFilesAreRejected() throws {
        let bytes = try Self.validBytes()
        for cut in [1, 2, 7, 100, bytes.count / 2, bytes.count - 1] {
            #expect(throws: ONNXError.self) { try ONNXModel.decode(Array(bytes.prefix(cut))) }
        }
    }

    @Test func wrongWireTypeNamesTheField() {
        // ModelProto.graph (field 7) sent as a varint.
        #expect(throws: ONNXError.wrongWireType(message: "ModelProto", field: 7, wireType: 0)) {
            try ONNXModel.decode([7 << 3 | 0, 1])
        }
        // Group wire types are not protobuf 3 / ONNX.
        #expect(throws: ONNXError.self) { try ONNXModel.decode([7 << 3 | 3]) }
    }

    @Test func absurdLengthsAreRejected() {
        // Graph field claiming 2^40 bytes.
        var w: [UInt8] = [7 << 3 | 2]
        var v: UInt64 = 1 << 40
        while v >= 0x80 { w.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        w.append(UInt8(v))
        #expect(throws: ONNXError.truncated(offset: w.count)) { try ONNXModel.decode(w) }
        // An 11-byte varint.
        #expect(throws: ONNXError.self) { try ONNXModel.decode([1 << 3] + [UInt8](repeating: 0xff, count: 11)) }
    }

    @Test func nonFloatInitializerIsRefused() throws {
        var g = ONNXGraph(name: "g")
        g.inputs = [ONNXValueInfo(name: "x", shape: [nil, 2])]
        g.outputs = [ONNXValueInfo(name: "y", shape: [nil, 2])]
        g.initializers = [ONNXTensor(name: "w", shape: [2, 2], int64s: [1, 2, 3, 4])]
        g.nodes = [ONNXNode(name: "fc", opType: "Gemm", inputs: ["x", "w"], outputs: ["y"], attributes: [.int("transB", 1)])]
        let bytes = ONNXModel(graph: g).encode()
        let model = try ONNXModel.decode(bytes)
        #expect(throws: ONNXError.unsupportedTensor(name: "w", reason: "element type INT64; only FLOAT parameters are supported")) {
            try ONNXImporter.importGraph(model, name: "g")
        }
    }

    /// One attempt names every unsupported op and every unsupported use; what
    /// only fails because its input failed is not reported twice.
    @Test func everyProblemIsListedAtOnce() throws {
        var g = ONNXGraph(name: "g")
        g.inputs = [ONNXValueInfo(name: "x", shape: [nil, 3, 4, 4])]
        g.outputs = [ONNXValueInfo(name: "z", shape: [nil, 3, 4, 4])]
        g.nodes = [ONNXNode(name: "norm", opType: "LRN", inputs: ["x"], outputs: ["y"]),
                   ONNXNode(name: "act", opType: "Relu", inputs: ["y"], outputs: ["y2"]),
                   ONNXNode(name: "ratio", opType: "Div", inputs: ["x", "x"], outputs: ["r"]),
                   ONNXNode(name: "swap", opType: "Transpose", inputs: ["x"], outputs: ["t"], attributes: [.ints("perm", [0, 1, 3, 2])]),
                   ONNXNode(name: "mix", opType: "Einsum", inputs: ["t"], outputs: ["e"]),
                   ONNXNode(name: "sum", opType: "Add", inputs: ["y2", "r"], outputs: ["z"])]
        let model = try ONNXModel.decode(ONNXModel(graph: g).encode())
        #expect(throws: ONNXError.unsupportedModel(
            ops: ["LRN: norm", "Einsum: mix"],
            structures: ["ratio (Div): Div of two computed tensors",
                         "swap (Transpose): Transpose with perm [0, 1, 3, 2] moves data; only no-op transposes and channel shuffles are supported"])) {
            try ONNXImporter.importGraph(model, name: "g")
        }
    }

    /// −1 or 0 for the batch is how some exporters write a dynamic dimension;
    /// dynamic H and W import at a given size, and say so when none is given.
    @Test func dynamicDimensionsAreDynamic() throws {
        var g = ONNXGraph(name: "g")
        g.initializers = [ONNXTensor(name: "w", shape: [2, 3, 1, 1], floats: [1, 0, 0, 0, 1, 0])]
        g.nodes = [ONNXNode(name: "conv", opType: "Conv", inputs: ["x", "w"], outputs: ["y"])]
        g.outputs = [ONNXValueInfo(name: "y", shape: [nil, 2, nil, nil])]
        for batch in [-1, 0] {
            g.inputs = [ONNXValueInfo(name: "x", shape: [batch, 3, 5, 6])]
            let graph = try ONNXImporter.importGraph(try ONNXModel.decode(ONNXModel(graph: g).encode()), name: "g")
            #expect(graph.inputShape == [5, 6, 3])
        }
        g.inputs = [ONNXValueInfo(name: "x", shape: [nil, 3, -1, nil], symbolicNames: [0: "N", 3: "width"])]
        let model = try ONNXModel.decode(ONNXModel(graph: g).encode())
        #expect(throws: ONNXError.needsInputSize(input: "x", shape: "[N, 3, ?, ?]")) { try ONNXImporter.importGraph(model, name: "g") }
        #expect(try ONNXImporter.importGraph(model, name: "g", inputSize: (7, 9)).outputShape == [7, 9, 2])
        // A dimension too large for any model is still damage.
        g.inputs = [ONNXValueInfo(name: "x", shape: [nil, 3, 1 << 40, 4])]
        #expect(throws: ONNXError.tooLarge("dimension \(1 << 40) of 'x'")) { try ONNXModel.decode(ONNXModel(graph: g).encode()) }
    }

    /// Random byte flips, insertions and cuts of a valid file: decoding and
    /// importing either succeed or throw an `ONNXError`; nothing traps.
    @Test func fuzzedFilesNeverCrash() throws {
        let valid = try Self.validBytes()
        var rng = SeededGenerator(seed: 42)
        var failures = 0
        for round in 0..<400 {
            var bytes = valid
            let edits = 1 + Int(rng.next() % 4)
            for _ in 0..<edits {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch round % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes[at] ^= UInt8(1 << (rng.next() % 8))
                case 2: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                default: bytes = Array(bytes.prefix(at + 1))
                }
            }
            do {
                let model = try ONNXModel.decode(bytes)
                _ = try ONNXImporter.importGraph(model, name: "fuzz")
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
    }
}
