/// Escaping and small builders for the report's HTML and SVG text.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func table(header: [String], rows: [[String]], numericFrom: Int = 1) -> String {
        var s = "<table><thead><tr>"
        for (i, h) in header.enumerated() { s += "<th\(i >= numericFrom ? " class=\"n\"" : "")>\(escape(h))</th>" }
        s += "</tr></thead><tbody>"
        for row in rows {
            s += "<tr>"
            for (i, cell) in row.enumerated() { s += "<td\(i >= numericFrom ? " class=\"n\"" : "")>\(escape(cell))</td>" }
            s += "</tr>"
        }
        return s + "</tbody></table>"
    }
}
