import Foundation

/// A table of throughput measurements, printed as aligned text. Other
/// benchmarks add rows with `add`; ratios are taken against `reference`
/// (the measured peak of the machine).
struct BenchTable {
    struct Row {
        var name: String
        /// Cores the measured code keeps busy.
        var threads: Int
        var seconds: Double
        /// Floating-point operations per run (multiply and add count as two).
        var flops: Double
        /// The fraction of the reference this row should reach, if it has a target.
        var target: Double?
        var gflops: Double { flops / seconds / 1e9 }
    }

    var title: String
    var reference: Double?
    var referenceName: String
    private(set) var rows: [Row] = []

    init(title: String, referenceName: String = "peak") {
        self.title = title
        self.referenceName = referenceName
    }

    mutating func add(_ name: String, threads: Int, seconds: Double, flops: Double, target: Double? = nil) {
        rows.append(Row(name: name, threads: threads, seconds: seconds, flops: flops, target: target))
    }

    /// Median wall time of `repetitions` runs of `body` after `warmup` runs.
    static func measure(warmup: Int = 2, repetitions: Int, _ body: () -> Void) -> Double {
        for _ in 0..<warmup { body() }
        var times: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times[times.count / 2]
    }

    func render() -> String {
        let header = ["benchmark", "threads", "median ms", "GFLOP/s", "of peak", "target"]
        var cells = [header]
        for r in rows {
            var line = [r.name, "\(r.threads)", fmt(r.seconds * 1e3, 2), fmt(r.gflops, 1)]
            if let reference, reference > 0 {
                let fraction = r.gflops / reference
                line.append(fmt(100 * fraction, 0) + "%")
                line.append(r.target.map { "≥ \(fmt(100 * $0, 0))% " + (fraction >= $0 ? "met" : "missed") } ?? "")
            } else {
                line += ["-", ""]
            }
            cells.append(line)
        }
        let widths = header.indices.map { c in cells.map { $0[c].count }.max() ?? 0 }
        var out = title + "\n"
        for (i, line) in cells.enumerated() {
            let padded = line.enumerated().map { c, s in
                c == 0 ? s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - s.count) + s
            }
            out += padded.joined(separator: "  ") + "\n"
            if i == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        if let reference {
            out += "peak = \(referenceName) = \(fmt(reference, 1)) GFLOP/s; \"of peak\" is each row's throughput "
                + "against it (a 1-thread row can reach at most 1/threads of it).\n"
        }
        return out
    }

    private func fmt(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}
