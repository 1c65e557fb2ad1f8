import Foundation

/// A one-line progress bar on standard error: fraction, throughput, a status
/// text and ETA. Redraws at most 5 times a second; when standard error is not
/// a terminal it prints a plain line at every 10% instead.
struct ProgressBar {
    let label: String
    let total: Int
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastDecile = -1
    private let interactive = isatty(STDERR_FILENO) == 1

    init(label: String, total: Int) {
        self.label = label
        self.total = max(1, total)
    }

    mutating func update(_ done: Int, rate: String = "", status: String = "") {
        let now = Date()
        let fraction = min(1, Double(done) / Double(total))
        let elapsed = now.timeIntervalSince(start)
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        if interactive {
            guard now.timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
            lastDraw = now
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = "\(label) \(bar) \(done)/\(total) \(rate) \(status) eta \(Self.clock(eta))"
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            let decile = Int(fraction * 10)
            guard decile != lastDecile else { return }
            lastDecile = decile
            FileHandle.standardError.write(Data("\(label) \(Int(fraction * 100))% \(rate) \(status) eta \(Self.clock(eta))\n".utf8))
        }
    }

    /// Ends the bar's line.
    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
