import Foundation
import Testing
import NeuralNet
import Tensor

@Suite("safetensors")
struct SafeTensorsTests {
    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    }

    /// A file with an arbitrary JSON header followed by `body`.
    static func file(header: String, body: [UInt8] = [], lengthOverride: UInt64? = nil) -> Data {
        let json = Array(header.utf8)
        var out = Data()
        withUnsafeBytes(of: (lengthOverride ?? UInt64(json.count)).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: json)
        out.append(contentsOf: body)
        return out
    }

    @Test("round trip keeps names, shapes, values and metadata; bytes are deterministic")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 3)
        let tensors: [String: Tensor] = [
            "b.weight": .randomNormal([4, 3, 3, 3], generator: &generator),
            "a.bias": Tensor(shape: [4], scalars: [-.infinity, 0, -0.0, .greatestFiniteMagnitude]),
            "scalar": Tensor(2.5),
            "empty": Tensor(zeros: [0, 3]),
        ]
        let metadata = ["model": "resnet20", "sha": "abc/def"]
        let data = SafeTensors.encode(tensors, metadata: metadata)
        let decoded = try SafeTensors.decode(data)
        #expect(decoded.tensors == tensors)
        #expect(decoded.metadata == metadata)
        #expect(decoded.tensors["a.bias"]!.scalars[2].sign == .minus)
        #expect(SafeTensors.encode(tensors, metadata: metadata) == data)
        let headerLength = data.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        #expect(headerLength % 8 == 0)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try SafeTensors.write(tensors, metadata: metadata, to: url)
        try SafeTensors.write(tensors, metadata: [:], to: url)
        let back = try SafeTensors.read(url)
        #expect(back.tensors == tensors && back.metadata.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.safetensors"])
    }

    @Test("writing into a missing folder is a typed error")
    func writeFails() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.safetensors")
        #expect(throws: SafeTensorsError.self) { try SafeTensors.write(["a": Tensor(1)], metadata: [:], to: url) }
    }

    @Test("a file written by the Python safetensors package reads exactly")
    func pythonFixture() throws {
        let (t, metadata) = try SafeTensors.read(Self.fixture("reference.safetensors"))
        #expect(metadata == ["format": "pt", "note": "dqss fixture"])
        #expect(Set(t.keys) == ["conv.weight", "half", "f64", "i64", "i32", "u8", "scalar", "bf16"])
        #expect(t["conv.weight"] == Tensor(shape: [2, 3, 2, 2], scalars: (0..<24).map { Float($0) * 0.25 - 3 }))
        let half = try #require(t["half"])
        #expect(half.shape == [6])
        #expect(half.scalars == [0, 0, 1.5, 65504, 0x1p-24, -2.001953125])
        #expect(half.scalars[1].sign == .minus)
        #expect(t["bf16"] == Tensor(shape: [4], scalars: [1, -3.140625, 0.0078125, -0x1p100]))
        #expect(t["f64"] == Tensor(shape: [2, 2], scalars: [Float(0.1), -2.5, 1e10, 3]))
        #expect(t["i64"] == Tensor(shape: [3], scalars: [-7, 0, 123_456]))
        #expect(t["i32"] == Tensor(shape: [1, 2], scalars: [-1, 2]))
        #expect(t["u8"] == Tensor(shape: [4], scalars: [0, 1, 128, 255]))
        #expect(t["scalar"] == Tensor(0.5))
    }

    @Test("half-precision subnormals, infinities and NaN convert exactly")
    func halfSpecials() throws {
        // 0x0001 smallest subnormal, 0x03FF largest subnormal, 0x7C00 +inf, 0xFC00 −inf, 0x7E00 NaN.
        let bits: [UInt16] = [0x0001, 0x03FF, 0x7C00, 0xFC00, 0x7E00]
        let body = bits.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let data = Self.file(header: #"{"h":{"dtype":"F16","shape":[5],"data_offsets":[0,10]}}"#, body: body)
        let h = try #require(try SafeTensors.decode(data).tensors["h"]).scalars
        #expect(h[0] == 0x1p-24 && h[1] == 1023 * 0x1p-24)
        #expect(h[2] == .infinity && h[3] == -.infinity && h[4].isNaN)
    }

    static let hostile: [(String, Data, SafeTensorsError)] = [
        ("short file", Data([1, 2, 3]), .fileTooSmall(size: 3)),
        ("absurd header length", file(header: "{}", lengthOverride: 1 << 40),
         .headerTooLarge(length: 1 << 40, limit: SafeTensors.maximumHeaderBytes)),
        ("header beyond file", file(header: "{}", lengthOverride: 100), .headerBeyondFile(length: 100, available: 2)),
        ("invalid JSON", file(header: "{\"a\": [1,"), .invalidHeader(reason: "not valid JSON")),
        ("JSON array", file(header: "[1, 2]"), .invalidHeader(reason: "not a JSON object")),
        ("metadata not strings", file(header: #"{"__metadata__":{"k":1}}"#),
         .invalidHeader(reason: "__metadata__ value for \"k\" is not a string")),
        ("unknown dtype", file(header: #"{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, body: [0]),
         .unsupportedDType(name: "a", dtype: "F8_E4M3")),
        ("missing dtype", file(header: #"{"a":{"shape":[1],"data_offsets":[0,4]}}"#),
         .invalidEntry(name: "a", reason: "missing dtype")),
        ("negative shape", file(header: #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#),
         .invalidEntry(name: "a", reason: "shape is not a list of non-negative integers")),
        ("fractional offset", file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4.5]}}"#),
         .invalidEntry(name: "a", reason: "data_offsets is not two non-negative integers")),
        ("backwards offsets", file(header: #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}"#),
         .invalidEntry(name: "a", reason: "data_offsets [4, 0] run backwards")),
        ("shape/bytes mismatch", file(header: #"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"#, body: .init(repeating: 0, count: 12)),
         .shapeMismatch(name: "a", shape: [2, 2], dtype: "F32", byteCount: 12)),
        ("shape overflow", file(header: #"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#),
         .shapeMismatch(name: "a", shape: [4_294_967_296, 4_294_967_296], dtype: "F32", byteCount: 4)),
        ("offsets out of range", file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[1000000,1000001]}}"#, body: [0]),
         .offsetsOutOfRange(name: "a", begin: 1_000_000, end: 1_000_001, dataSize: 1)),
        ("overlap", file(header: #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}"#, body: [0, 0, 0]),
         .overlappingOffsets(name: "b", other: "a")),
        ("hole", file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"b":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}}"#, body: [0, 0, 0]),
         .gapBeforeTensor(name: "b", expectedBegin: 1, begin: 2)),
        ("truncated data", file(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, body: [0, 0, 0, 0]),
         .truncated(expectedDataBytes: 16, actualDataBytes: 4)),
        ("trailing data", file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#, body: [0, 0]),
         .trailingData(expectedDataBytes: 1, actualDataBytes: 2)),
    ]

    @Test("hostile files are refused with the matching error", arguments: 0..<hostile.count)
    func hostileInput(_ index: Int) {
        let (_, data, expected) = Self.hostile[index]
        #expect(throws: expected) { try SafeTensors.decode(data) }
    }

    @Test("a truncated copy of the Python fixture is refused at every cut")
    func everyTruncation() throws {
        let data = try Data(contentsOf: Self.fixture("reference.safetensors"))
        for cut in stride(from: 0, to: data.count, by: 7) {
            #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(data.prefix(cut)) }
        }
    }

    @Test("a missing file is a typed error")
    func missingFile() {
        #expect(throws: SafeTensorsError.self) { try SafeTensors.read(URL(fileURLWithPath: "/nonexistent.safetensors")) }
    }
}
