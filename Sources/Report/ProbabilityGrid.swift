import Foundation

/// Layers × candidates, each cell the probability in % on a viridis ramp,
/// the chosen candidate outlined: readable in print because every cell carries its number.
struct ProbabilityGrid {
    var title: String
    var layers: [String]
    var candidates: [String]
    /// [layer][candidate]
    var probabilities: [[Float]]
    var chosen: [Int]

    var svg: String {
        let nameW = 220.0, cell = 44.0, rowH = 18.0, top = 46.0
        let width = max(560, nameW + cell * Double(candidates.count) + 10), height = top + rowH * Double(layers.count) + 8
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" class=\"chart grid\" style=\"max-width:\(Int(width))px\">"
        s += "<title>\(HTML.escape(title))</title><text x=\"4\" y=\"18\" class=\"t\">\(HTML.escape(title))</text>"
        for (j, c) in candidates.enumerated() {
            s += "<text x=\"\(nameW + cell * Double(j) + cell / 2)\" y=\"\(top - 8)\" text-anchor=\"middle\" class=\"a\">\(HTML.escape(c))</text>"
        }
        for (l, name) in layers.enumerated() {
            let y = top + rowH * Double(l)
            s += "<text x=\"\(nameW - 6)\" y=\"\(y + 13)\" text-anchor=\"end\" class=\"a\">\(HTML.escape(name))</text>"
            for (j, p) in probabilities[l].enumerated() {
                let x = nameW + cell * Double(j)
                let picked = chosen.indices.contains(l) && chosen[l] == j
                s += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 1)\" height=\"\(rowH - 1)\" fill=\"\(Palette.viridis(Double(p)))\""
                s += picked ? " stroke=\"#000\" stroke-width=\"2\"/>" : "/>"
                let light = p > 0.6
                s += "<text x=\"\(x + cell / 2)\" y=\"\(y + 13)\" text-anchor=\"middle\" class=\"v\" style=\"fill:\(light ? "#000" : "#fff")\">\(Int((p * 100).rounded()))</text>"
            }
        }
        return s + "</svg>"
    }
}
