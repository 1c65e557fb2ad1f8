import Foundation

/// Why an ONNX file could not be read, imported or written.
public enum ONNXError: LocalizedError, Equatable {
    /// The bytes end inside a field (offset where reading stopped).
    case truncated(offset: Int)
    /// A field arrived with a wire type its schema does not allow.
    case wrongWireType(message: String, field: Int, wireType: Int)
    /// Wire types 3/4 (groups), 6, 7, or field number 0.
    case malformed(offset: Int, reason: String)
    /// A length, count or nesting depth beyond any sane model.
    case tooLarge(String)
    /// A tensor the importer cannot hold (non-float data, external data…).
    case unsupportedTensor(name: String, reason: String)
    /// Every unsupported op ("op type: node") and every unsupported use of a
    /// supported op ("node: reason") in the graph, found in one pass.
    case unsupportedModel(ops: [String], structures: [String])
    /// The input has dynamic height or width and no size to import it at was given.
    case needsInputSize(input: String, shape: String)
    /// An op whose attributes or inputs fall outside what dqss can express.
    case unsupportedUse(node: String, reason: String)
    /// Structural problems: missing input, unknown tensor, shape mismatch.
    case invalidGraph(String)

    public var errorDescription: String? {
        switch self {
        case .truncated(let o): return "ONNX: file is truncated (a field runs past the end at byte \(o))"
        case .wrongWireType(let m, let f, let w):
            return "ONNX: field \(f) of \(m) has wire type \(w), which its schema does not allow; the file is damaged or not ONNX"
        case .malformed(let o, let r): return "ONNX: malformed protobuf at byte \(o): \(r)"
        case .tooLarge(let what): return "ONNX: \(what) is implausibly large; the file is damaged or not ONNX"
        case .unsupportedTensor(let n, let r): return "ONNX: tensor '\(n)': \(r)"
        case .unsupportedModel(let ops, let structures):
            var parts: [String] = []
            if !ops.isEmpty { parts.append("unsupported ops (op type: node): \(ops.joined(separator: ", "))") }
            if !structures.isEmpty { parts.append("unsupported uses (node: reason): \(structures.joined(separator: "; "))") }
            return "ONNX: \(parts.joined(separator: "; and "))"
        case .needsInputSize(let input, let shape):
            return "ONNX: input '\(input)' has dynamic height or width \(shape); give the image size to run it at (--input-size H,W)"
        case .unsupportedUse(let n, let r): return "ONNX: node '\(n)': \(r)"
        case .invalidGraph(let m): return "ONNX: \(m)"
        }
    }
}
