import Foundation

/// Layers × steps: each cell coloured by the candidate that leads at that
/// step, its opacity the leader's probability — how each layer's choice
/// formed over the search (from an events recording).
struct ChoiceTimeline {
    var title: String
    var layers: [String]
    var candidates: [String]
    var steps: [Int]
    /// [step][layer][candidate]
    var probabilities: [[[Float]]]

    var svg: String {
        let nameW = 220.0, rowH = 14.0, top = 30.0, legend = 26.0
        let columns = probabilities.count
        let cellW = max(1.5, min(8, 560 / Double(max(columns, 1))))
        let width = nameW + cellW * Double(columns) + 10
        let height = top + rowH * Double(layers.count) + 22 + legend
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" class=\"chart timeline\" style=\"max-width:\(Int(width))px\">"
        s += "<title>\(HTML.escape(title))</title><text x=\"4\" y=\"18\" class=\"t\">\(HTML.escape(title))</text>"
        for (l, name) in layers.enumerated() {
            let y = top + rowH * Double(l)
            s += "<text x=\"\(nameW - 6)\" y=\"\(y + 11)\" text-anchor=\"end\" class=\"a\">\(HTML.escape(name))</text>"
            for (c, step) in probabilities.enumerated() where step.indices.contains(l) {
                let p = step[l]
                guard let lead = p.indices.max(by: { p[$0] < p[$1] }) else { continue }
                let x = nameW + cellW * Double(c)
                s += "<rect x=\"\(String(format: "%.1f", x))\" y=\"\(y)\" width=\"\(String(format: "%.2f", cellW))\" height=\"\(rowH - 1)\" fill=\"\(Palette.category(lead))\" fill-opacity=\"\(String(format: "%.2f", Double(p[lead])))\"/>"
            }
        }
        let axisY = top + rowH * Double(layers.count) + 14
        if let first = steps.first, let last = steps.last {
            s += "<text x=\"\(nameW)\" y=\"\(axisY)\" class=\"a\">step \(first)</text>"
            s += "<text x=\"\(String(format: "%.1f", nameW + cellW * Double(columns)))\" y=\"\(axisY)\" text-anchor=\"end\" class=\"a\">step \(last)</text>"
        }
        for (j, c) in candidates.enumerated() {
            let x = nameW + Double(j) * 90
            s += "<rect x=\"\(x)\" y=\"\(axisY + 8)\" width=\"12\" height=\"12\" fill=\"\(Palette.category(j))\"/>"
            s += "<text x=\"\(x + 16)\" y=\"\(axisY + 18)\" class=\"a\">\(HTML.escape(c))</text>"
        }
        return s + "</svg>"
    }
}
