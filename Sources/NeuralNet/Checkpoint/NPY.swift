import Foundation
import Tensor

/// Reader for NumPy `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// Supports C-order arrays of little-endian (or byte-sized) f2, f4, f8, i1,
/// i2, i4, i8, u1 and b1, converted to Float. Big-endian data and Fortran
/// order are refused with an `NPYError`.
public enum NPY {
    public static func read(_ url: URL) throws -> Tensor {
        if let kind = InputFile.nonRegularKind(url.path) {
            throw NPYError.cannotRead(path: url.path, reason: "it is a \(kind), not a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw NPYError.cannotRead(path: url.path, reason: error.localizedDescription)
        }
        return try decode(data)
    }

    public static func decode(_ data: Data) throws -> Tensor {
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0..<6] == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59] else { throw NPYError.notNPY }
        let (major, minor) = (bytes[6], bytes[7])
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default: throw NPYError.unsupportedVersion(major: major, minor: minor)
        }
        guard minor == 0 else { throw NPYError.unsupportedVersion(major: major, minor: minor) }
        guard bytes.count >= 8 + lengthBytes else { throw NPYError.truncatedHeader }
        var headerLength = 0
        for k in (0..<lengthBytes).reversed() { headerLength = headerLength << 8 | Int(bytes[8 + k]) }
        let headerStart = 8 + lengthBytes
        guard headerLength <= data.count - headerStart else { throw NPYError.truncatedHeader }
        let headerData = data[(data.startIndex + headerStart)..<(data.startIndex + headerStart + headerLength)]
        // Version 1 and 2 headers are Latin-1, version 3 UTF-8; the fields we need are ASCII.
        guard let header = String(data: headerData, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw NPYError.invalidHeader(reason: "not text")
        }
        let descr = try stringField("descr", in: header)
        if try boolField("fortran_order", in: header) { throw NPYError.fortranOrder }
        let shape = try shapeField(in: header)

        guard let kind = ElementKind(descr: descr) else { throw NPYError.unsupportedDType(descr) }
        var count = 1
        for d in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw NPYError.invalidHeader(reason: "shape \(shape) is too large") }
            count = p
        }
        let body = data.count - headerStart - headerLength
        let (needed, overflow) = count.multipliedReportingOverflow(by: kind.width)
        guard !overflow, needed == body else {
            throw NPYError.dataSizeMismatch(expectedBytes: overflow ? Int.max : needed, actualBytes: body)
        }
        var scalars = [Float](repeating: 0, count: count)
        data.withUnsafeBytes { all in
            let raw = UnsafeRawBufferPointer(rebasing: all[(headerStart + headerLength)...])
            scalars.withUnsafeMutableBufferPointer { kind.convert(raw, into: $0) }
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    private enum ElementKind {
        case f2, f4, f8, i1, i2, i4, i8, u1, b1

        init?(descr: String) {
            switch descr {
            case "<f2": self = .f2
            case "<f4": self = .f4
            case "<f8": self = .f8
            case "|i1", "<i1": self = .i1
            case "<i2": self = .i2
            case "<i4": self = .i4
            case "<i8": self = .i8
            case "|u1", "<u1": self = .u1
            case "|b1": self = .b1
            default: return nil
            }
        }

        var width: Int {
            switch self {
            case .i1, .u1, .b1: return 1
            case .f2, .i2: return 2
            case .f4, .i4: return 4
            case .f8, .i8: return 8
            }
        }

        func convert(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Float>) {
            let same: SafeTensorsDType
            switch self {
            case .f2: same = .f16
            case .f4: same = .f32
            case .f8: same = .f64
            case .i1: same = .i8
            case .i2: same = .i16
            case .i4: same = .i32
            case .i8: same = .i64
            case .u1: same = .u8
            case .b1: same = .bool
            }
            same.convert(raw, into: out)
        }
    }

    /// The quoted value after `'key':` in the header dictionary.
    private static func stringField(_ key: String, in header: String) throws -> String {
        let rest = try afterKey(key, in: header)
        guard let quote = rest.first, quote == "'" || quote == "\"" else {
            throw NPYError.invalidHeader(reason: "\(key) is not a string")
        }
        let body = rest.dropFirst()
        guard let close = body.firstIndex(of: quote) else { throw NPYError.invalidHeader(reason: "unterminated \(key)") }
        return String(body[..<close])
    }

    private static func boolField(_ key: String, in header: String) throws -> Bool {
        let rest = try afterKey(key, in: header)
        if rest.hasPrefix("True") { return true }
        if rest.hasPrefix("False") { return false }
        throw NPYError.invalidHeader(reason: "\(key) is not True or False")
    }

    private static func shapeField(in header: String) throws -> [Int] {
        let rest = try afterKey("shape", in: header)
        guard rest.first == "(", let close = rest.firstIndex(of: ")") else {
            throw NPYError.invalidHeader(reason: "shape is not a tuple")
        }
        let parts = rest[rest.index(after: rest.startIndex)..<close]
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var shape: [Int] = []
        for part in parts {
            // Python 2 era writers append "L" to long integers.
            let digits = part.hasSuffix("L") ? String(part.dropLast()) : part
            guard let d = Int(digits), d >= 0 else { throw NPYError.invalidHeader(reason: "shape entry \(part)") }
            shape.append(d)
        }
        return shape
    }

    private static func afterKey(_ key: String, in header: String) throws -> Substring {
        for quote in ["'", "\""] {
            if let r = header.range(of: "\(quote)\(key)\(quote)") {
                var rest = header[r.upperBound...].drop { $0 == " " }
                guard rest.first == ":" else { break }
                rest = rest.dropFirst().drop { $0 == " " }
                return rest
            }
        }
        throw NPYError.invalidHeader(reason: "missing \(key)")
    }
}
