/// A small integer (or float) vector computed at import from shapes and
/// constants: the Shape → Gather/Slice → Concat → Reshape sub-graphs
/// exporters write. A nil entry is the batch size, known only at run time.
struct FoldedValues: Equatable {
    var values: [Double?]
    /// A 0-D tensor (Gather with a scalar index, a scalar constant).
    var isScalar: Bool
    /// Integer element type (Div truncates, Cast to int drops fractions).
    var isInteger: Bool

    /// Shape-like tensors beyond this many elements are not folded.
    static let maxCount = 4096

    init(_ values: [Double?], isScalar: Bool = false, isInteger: Bool = true) {
        self.values = values
        self.isScalar = isScalar
        self.isInteger = isInteger
    }

    /// Every value, when none is the batch size.
    var known: [Double]? {
        values.allSatisfy { $0 != nil } ? values.map { $0! } : nil
    }

    /// "[N, 3, 224, 224]": the batch as N, whole numbers without a fraction.
    var description: String {
        "[" + values.map { v in
            guard let v else { return "N" }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        }.joined(separator: ", ") + "]"
    }
}
