import ArgumentParser
import Foundation
import Search

/// `--budget size=4.0bpw` (average bits per weight), `--budget bops=1.2e8`
/// (bit-operations per input) or `--budget bops=0.25xw8a8` (a fraction of the
/// network's BOPs at those bits everywhere; `×` works too).
struct BudgetArgument: ExpressibleByArgument {
    let budget: Budget

    init?(argument: String) {
        let t = argument.lowercased().replacingOccurrences(of: " ", with: "")
        guard let eq = t.firstIndex(of: "=") else { return nil }
        let key = t[..<eq], value = t[t.index(after: eq)...]
        switch key {
        case "size":
            let number = value.hasSuffix("bpw") ? value.dropLast(3) : value
            guard let b = Double(number), b.isFinite, b > 0 else { return nil }
            budget = .size(bitsPerWeight: b)
        case "bops":
            if let x = value.firstIndex(where: { $0 == "x" || $0 == "×" }) {
                guard let f = Double(value[..<x]), f.isFinite, f > 0,
                      let bits = BitWidths(String(value[value.index(after: x)...])) else { return nil }
                budget = .relativeBOPs(fraction: f, reference: bits)
            } else {
                guard let b = Double(value), b.isFinite, b > 0 else { return nil }
                budget = .bops(b)
            }
        default:
            return nil
        }
    }

    static let help = "A cost limit for mixed precision: size=4.0bpw (average bits per weight), bops=N (bit-operations per input) or bops=0.25xw8a8 (that fraction of the network's BOPs at W8A8)."
}
