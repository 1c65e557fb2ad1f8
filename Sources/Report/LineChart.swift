import Foundation

/// A line chart as standalone SVG: one polyline per series over a shared x
/// axis, labelled axes, a legend, a viewBox so it scales to any width.
struct LineChart {
    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var width = 720.0, height = 300.0

    var svg: String {
        let left = 64.0, right = 16.0, top = 36.0, bottom = 44.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = series.flatMap(\.points).filter { $0.y.isFinite }
        let x0 = all.map(\.x).min() ?? 0, x1 = max(all.map(\.x).max() ?? 1, x0 + 1)
        var y0 = all.map(\.y).min() ?? 0, y1 = all.map(\.y).max() ?? 1
        if y1 - y0 < 1e-12 { y0 -= 0.5; y1 += 0.5 }
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" class=\"chart line-chart\" style=\"max-width:\(Int(width))px\">"
        s += "<title>\(HTML.escape(title))</title>"
        s += "<text x=\"\(left)\" y=\"20\" class=\"t\">\(HTML.escape(title))</text>"
        s += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"none\" stroke=\"#888\"/>"
        for k in 0...4 {
            let y = y0 + (y1 - y0) * Double(k) / 4
            s += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(f(py(y)))\" y2=\"\(f(py(y)))\" stroke=\"#ddd\"/>"
            s += "<text x=\"\(left - 6)\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\" class=\"a\">\(Self.tick(y))</text>"
        }
        for k in 0...4 {
            let x = x0 + (x1 - x0) * Double(k) / 4
            s += "<text x=\"\(f(px(x)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\" class=\"a\">\(Int(x.rounded()))</text>"
        }
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\" class=\"a\">\(HTML.escape(xLabel))</text>"
        s += "<text x=\"14\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" class=\"a\" transform=\"rotate(-90 14 \(f(top + plotH / 2)))\">\(HTML.escape(yLabel))</text>"
        for (i, line) in series.enumerated() {
            // Dash patterns as well as colours, so lines stay apart in grey-scale print.
            let dash = ["", "6 3", "2 2", "8 3 2 3"][i % 4]
            let pts = line.points.filter { $0.y.isFinite }.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"\(Palette.category(i))\" stroke-width=\"1.6\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") points=\"\(pts)\"/>"
            let lx = left + 8 + Double(i) * 150
            s += "<line x1=\"\(f(lx))\" x2=\"\(f(lx + 20))\" y1=\"\(top + 12)\" y2=\"\(top + 12)\" stroke=\"\(Palette.category(i))\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            s += "<text x=\"\(f(lx + 24))\" y=\"\(top + 16)\" class=\"a\">\(HTML.escape(line.name))</text>"
        }
        return s + "</svg>"
    }

    func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func tick(_ v: Double) -> String {
        let a = abs(v)
        if a != 0 && (a < 1e-3 || a >= 1e5) { return String(format: "%.1e", v) }
        return String(format: a < 1 ? "%.4f" : "%.2f", v)
    }
}
