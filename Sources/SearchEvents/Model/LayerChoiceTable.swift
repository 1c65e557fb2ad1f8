/// The per-layer strategy as a plain-text table (the headless summary): every column as wide
/// as its longest entry plus a space, so long layer names and kinds ("convTranspose2d") never
/// run into the next column.
public struct LayerChoiceTable: Sendable, Equatable {
    public let rows: [[String]]

    public static let header = ["layer", "kind", "weights", "activations"]

    public init(summary: SearchSummary, description: SearchDescription) {
        rows = description.layers.enumerated().map { l, layer in
            [layer.name, layer.kind,
             description.weightCandidates[summary.weightChoices[l]],
             description.activationCandidates[summary.activationChoices[l]]]
        }
    }

    public var lines: [String] {
        let all = [Self.header] + rows
        let widths = Self.header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[c] + 1 - cell.count)
            }.joined()
        }
    }
}
