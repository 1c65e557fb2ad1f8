/// A weight candidate: the clipping range one of the calibrators chooses, and
/// how weights are rounded onto that grid. Named as the command line writes
/// it: "mse" rounds to nearest, "adaround(mse)" learns the rounding on MSE's grid.
public struct WeightMethod: Sendable, Hashable, RawRepresentable, Codable, CustomStringConvertible {
    public enum Rounding: String, Sendable, Hashable, Codable, CaseIterable {
        case nearest
        /// Learned per weight by reconstructing the layer's output (AdaRound).
        case adaround
    }

    public var range: PTQMethod
    public var rounding: Rounding

    public init(_ range: PTQMethod, rounding: Rounding = .nearest) {
        self.range = range
        self.rounding = rounding
    }

    public init?(rawValue: String) {
        let name = rawValue.lowercased()
        if let method = PTQMethod(rawValue: name) {
            self.init(method)
            return
        }
        for rounding in Rounding.allCases where rounding != .nearest {
            let prefix = rounding.rawValue + "("
            guard name.hasPrefix(prefix), name.hasSuffix(")"),
                  let method = PTQMethod(rawValue: String(name.dropFirst(prefix.count).dropLast())) else { continue }
            self.init(method, rounding: rounding)
            return
        }
        return nil
    }

    public var rawValue: String {
        rounding == .nearest ? range.rawValue : "\(rounding.rawValue)(\(range.rawValue))"
    }

    public var description: String { rawValue }

    /// Every calibrator with rounding to nearest: the default candidates.
    public static let nearest = PTQMethod.allCases.map { WeightMethod($0) }
}

extension WeightMethod {
    public static let minmax = WeightMethod(.minmax)
    public static let percentile = WeightMethod(.percentile)
    public static let mse = WeightMethod(.mse)
    public static let aciq = WeightMethod(.aciq)
    public static let kl = WeightMethod(.kl)

    /// Learned rounding on `range`'s grid.
    public static func adaround(_ range: PTQMethod) -> WeightMethod {
        WeightMethod(range, rounding: .adaround)
    }
}
