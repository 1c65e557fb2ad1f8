import Foundation
import Tensor

/// The safetensors checkpoint format (Hugging Face): an 8-byte little-endian
/// header length, a JSON header mapping names to dtype, shape and byte
/// offsets (plus an optional `__metadata__` string map), then the raw
/// little-endian data with no holes.
///
/// Reading accepts F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL and
/// converts every element to Float (see `SafeTensorsDType`); writing emits F32.
/// Every structural inconsistency is a `SafeTensorsError`, never a trap, and
/// nothing is allocated beyond what the file actually contains.
public enum SafeTensors {
    /// Headers longer than this are refused before they are parsed.
    public static let maximumHeaderBytes = 100 << 20
    static let metadataKey = "__metadata__"

    public static func read(_ url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        if let kind = InputFile.nonRegularKind(url.path) {
            throw SafeTensorsError.cannotRead(path: url.path, reason: "it is a \(kind), not a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw SafeTensorsError.cannotRead(path: url.path, reason: error.localizedDescription)
        }
        return try decode(data)
    }

    /// Writes through `AtomicFile` (temporary file in the same folder, then rename; special files in place).
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        do {
            try AtomicFile.write(encode(tensors, metadata: metadata), to: url)
        } catch let error as OutputFileError {
            throw SafeTensorsError.cannotWrite(path: error.path, reason: error.reason)
        }
    }

    public static func decode(_ data: Data) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard data.count >= 8 else { throw SafeTensorsError.fileTooSmall(size: data.count) }
        let headerLength = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(maximumHeaderBytes) else {
            throw SafeTensorsError.headerTooLarge(length: headerLength, limit: maximumHeaderBytes)
        }
        let available = data.count - 8
        guard headerLength <= UInt64(available) else {
            throw SafeTensorsError.headerBeyondFile(length: headerLength, available: available)
        }
        let start = data.startIndex
        let headerEnd = start + 8 + Int(headerLength)
        let entries = try parseHeader(data[(start + 8)..<headerEnd])
        let dataSize = data.count - 8 - Int(headerLength)

        // Offsets must tile the data section exactly, in some order.
        let ordered = entries.tensors.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var expected = 0
        var previous: String?
        for entry in ordered {
            if entry.begin < expected, let previous {
                throw SafeTensorsError.overlappingOffsets(name: entry.name, other: previous)
            }
            if entry.begin > expected {
                if entry.begin > dataSize {
                    throw SafeTensorsError.offsetsOutOfRange(name: entry.name, begin: entry.begin, end: entry.end, dataSize: dataSize)
                }
                throw SafeTensorsError.gapBeforeTensor(name: entry.name, expectedBegin: expected, begin: entry.begin)
            }
            expected = entry.end
            previous = entry.name
        }
        if expected > dataSize { throw SafeTensorsError.truncated(expectedDataBytes: expected, actualDataBytes: dataSize) }
        if expected < dataSize { throw SafeTensorsError.trailingData(expectedDataBytes: expected, actualDataBytes: dataSize) }

        var tensors: [String: Tensor] = [:]
        data.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
            let body = UnsafeRawBufferPointer(rebasing: all[(8 + Int(headerLength))...])
            for entry in entries.tensors {
                var scalars = [Float](repeating: 0, count: entry.count)
                scalars.withUnsafeMutableBufferPointer { out in
                    entry.dtype.convert(UnsafeRawBufferPointer(rebasing: body[entry.begin..<entry.end]), into: out)
                }
                tensors[entry.name] = Tensor(shape: entry.shape, scalars: scalars)
            }
        }
        return (tensors, entries.metadata)
    }

    /// F32 encoding with names sorted, header padded with spaces to a multiple
    /// of 8 bytes (as the reference implementation does) and no metadata entry
    /// when `metadata` is empty: equal inputs give identical bytes.
    /// A tensor may not be named `__metadata__`.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
        precondition(tensors[metadataKey] == nil, "\(metadataKey) is reserved in safetensors and cannot name a tensor")
        let names = tensors.keys.sorted()
        var header: [String: Any] = [:]
        var offset = 0
        for name in names {
            let t = tensors[name]!
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.count]] as [String: Any]
            offset += 4 * t.count
        }
        if !metadata.isEmpty { header[metadataKey] = metadata }
        // Serialising plain strings, integers and arrays cannot fail.
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        if json.count % 8 != 0 { json.append(contentsOf: [UInt8](repeating: 0x20, count: 8 - json.count % 8)) }

        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for name in names {
            tensors[name]!.withUnsafeBufferPointer { p in
                for v in p { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
            }
        }
        return out
    }

    struct Entry {
        var name: String
        var dtype: SafeTensorsDType
        var shape: [Int]
        var count: Int
        var begin: Int
        var end: Int
    }

    static func parseHeader(_ bytes: Data) throws -> (tensors: [Entry], metadata: [String: String]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: bytes)
        } catch {
            throw SafeTensorsError.invalidHeader(reason: "not valid JSON")
        }
        guard let root = object as? [String: Any] else {
            throw SafeTensorsError.invalidHeader(reason: "not a JSON object")
        }
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in root {
            if name == metadataKey {
                guard let map = value as? [String: Any] else {
                    throw SafeTensorsError.invalidHeader(reason: "\(metadataKey) is not an object")
                }
                for (key, v) in map {
                    guard let s = v as? String else {
                        throw SafeTensorsError.invalidHeader(reason: "\(metadataKey) value for \"\(key)\" is not a string")
                    }
                    metadata[key] = s
                }
                continue
            }
            entries.append(try parseEntry(name: name, value))
        }
        return (entries, metadata)
    }

    private static func parseEntry(name: String, _ value: Any) throws -> Entry {
        guard let fields = value as? [String: Any] else {
            throw SafeTensorsError.invalidEntry(name: name, reason: "not an object")
        }
        guard let dtypeName = fields["dtype"] as? String else {
            throw SafeTensorsError.invalidEntry(name: name, reason: "missing dtype")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw SafeTensorsError.unsupportedDType(name: name, dtype: dtypeName)
        }
        guard let shape = integers(fields["shape"]) else {
            throw SafeTensorsError.invalidEntry(name: name, reason: "shape is not a list of non-negative integers")
        }
        guard let offsets = integers(fields["data_offsets"]), offsets.count == 2 else {
            throw SafeTensorsError.invalidEntry(name: name, reason: "data_offsets is not two non-negative integers")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else {
            throw SafeTensorsError.invalidEntry(name: name, reason: "data_offsets [\(begin), \(end)] run backwards")
        }
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw SafeTensorsError.shapeMismatch(name: name, shape: shape, dtype: dtypeName, byteCount: end - begin) }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.byteWidth)
        guard !overflow, bytes == end - begin else {
            throw SafeTensorsError.shapeMismatch(name: name, shape: shape, dtype: dtypeName, byteCount: end - begin)
        }
        return Entry(name: name, dtype: dtype, shape: shape, count: count, begin: begin, end: end)
    }

    /// A JSON array of non-negative integers (fractions and strings rejected).
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var out: [Int] = []
        for element in array {
            // `as? Int` only succeeds for numbers that are exactly integral.
            guard let int = element as? Int, int >= 0 else { return nil }
            out.append(int)
        }
        return out
    }
}
