import SearchEvents

/// Makes a strategy fit a budget exactly, one bit-width step at a time.
///
/// A move changes one unpinned side of one layer to the next lower (or
/// higher) bit-width of the same method. While the strategy costs more than
/// the target, the move with the smallest objective increase per unit of
/// cost saved is applied; then, while some upgrade still fits, the one with
/// the largest objective decrease per unit of cost is applied. Moves between
/// adjacent bit-widths keep the number of objective evaluations per step at
/// two per layer.
public struct BudgetRepair: Sendable {
    public var model: CostModel
    public var target: Double
    public var pins: [Int: LayerPin]
    /// Methods per side: slots j and j' hold the same method when j % M == j' % M.
    public var weightMethods: Int
    public var activationMethods: Int

    public init(model: CostModel, target: Double, pins: [Int: LayerPin] = [:], weightMethods: Int, activationMethods: Int) {
        self.model = model
        self.target = target
        self.pins = pins
        self.weightMethods = weightMethods
        self.activationMethods = activationMethods
    }

    public struct Result: Sendable, Equatable {
        public var strategy: Strategy
        public var objective: Double
        public var cost: Double
        /// Applied moves, in order.
        public var moves: Int
        /// False when even the cheapest reachable strategy (pins kept) costs more than the target.
        public var fits: Bool
    }

    public enum Direction: Sendable { case down, up }

    /// Within the target, up to rounding (a budget equal to a strategy's cost admits it).
    func fits(_ cost: Double) -> Bool { cost <= target * (1 + 1e-9) }

    /// The slot of the same method at the adjacent bit-width in `direction`, if any.
    public static func neighbour(of j: Int, bits: [Int], methods: Int, _ direction: Direction) -> Int? {
        let same = bits.indices.filter { BitPolicy.method(ofSlot: $0, methods: methods) == BitPolicy.method(ofSlot: j, methods: methods) }
        switch direction {
        case .down: return same.filter { bits[$0] < bits[j] }.max { bits[$0] < bits[$1] }
        case .up: return same.filter { bits[$0] > bits[j] }.min { bits[$0] < bits[$1] }
        }
    }

    func moves(from s: Strategy, _ direction: Direction) -> [Strategy] {
        var result: [Strategy] = []
        for l in model.layers.indices {
            if pins[l]?.weight == nil,
               let j = Self.neighbour(of: s.weight[l], bits: model.layers[l].weightBits, methods: weightMethods, direction) {
                var t = s
                t.weight[l] = j
                result.append(t)
            }
            if pins[l]?.activation == nil,
               let i = Self.neighbour(of: s.activation[l], bits: model.layers[l].activationBits, methods: activationMethods, direction) {
                var t = s
                t.activation[l] = i
                result.append(t)
            }
        }
        return result
    }

    /// Repairs `start`; `objective` scores a strategy (lower is better).
    public func repair(_ start: Strategy, objective: (Strategy) -> Double) -> Result {
        var cache: [Strategy: Double] = [:]
        func score(_ s: Strategy) -> Double {
            if let v = cache[s] { return v }
            let v = objective(s)
            cache[s] = v
            return v
        }
        var current = start, moves = 0
        // Downgrades until the cost fits; only moves that save cost count.
        while !fits(model.cost(current)) {
            let c = model.cost(current), o = score(current)
            let best = self.moves(from: current, .down).filter { model.cost($0) < c }
                .map { t in (t, (score(t) - o) / (c - model.cost(t))) }
                .min { $0.1 < $1.1 }
            guard let best else { break }
            current = best.0
            moves += 1
        }
        // Upgrades that fit and lower the objective, best gain per unit of cost first;
        // a free one (an activation under a size budget) before any other.
        while true {
            let c = model.cost(current), o = score(current)
            let best = self.moves(from: current, .up).filter { fits(model.cost($0)) }
                .compactMap { t -> (Strategy, Double)? in
                    let gain = score(t) - o, extra = model.cost(t) - c
                    guard gain < 0 else { return nil }
                    return (t, extra > 0 ? gain / extra : -.infinity)
                }
                .min { $0.1 < $1.1 }
            guard let best, fits(c) else { break }
            current = best.0
            moves += 1
        }
        let cost = model.cost(current)
        return Result(strategy: current, objective: score(current), cost: cost, moves: moves, fits: fits(cost))
    }
}
