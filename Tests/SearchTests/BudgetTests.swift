import Testing
import Foundation
import Synchronization
import Tensor
import NeuralNet
import Quantization
import Search
import Tasks

/// The differentiable cost, the budget's repair and its dual ascent.
@Suite("Budget")
struct BudgetTests {
    /// Two layers: A with 100 weights and 400 MACs, B with 900 weights and 900 MACs;
    /// weight slots at 2, 4, 8 bits (one method), activation slots at 4, 8.
    static func twoLayers(_ metric: CostMetric) -> CostModel {
        CostModel(layers: [LayerCost(parameters: 100, macs: 400, weightBits: [2, 4, 8], activationBits: [4, 8]),
                           LayerCost(parameters: 900, macs: 900, weightBits: [2, 4, 8], activationBits: [4, 8])],
                  metric: metric)
    }

    @Test("hard cost: bits per weight and BOPs of a strategy", arguments: CostMetric.allCases)
    func hardCost(metric: CostMetric) {
        let model = Self.twoLayers(metric)
        let s = Strategy(weight: [2, 1], activation: [0, 1])  // A W8A4, B W4A8
        let size: Double = (100 * 8 + 900 * 4) / 1000
        let bops: Double = 400 * 8 * 4 + 900 * 4 * 8
        #expect(model.cost(s) == (metric == .size ? size : bops))
        let range: ClosedRange<Double> = metric == .size ? 2...8 : (1300 * 2 * 4)...(1300 * 64)
        #expect(model.range() == range)
    }

    @Test("the expected cost's gradient matches central finite differences of the logits", arguments: CostMetric.allCases)
    func gradientMatchesFiniteDifferences(metric: CostMetric) {
        let model = Self.twoLayers(metric)
        var rng = SeededGenerator(seed: 7)
        let tau: Float = 0.7
        var logits = (0..<2).map { _ in (w: (0..<3).map { _ in Float.random(in: -1...1, using: &rng) },
                                         a: (0..<2).map { _ in Float.random(in: -1...1, using: &rng) }) }
        func probabilities() -> [LayerProbabilities] {
            logits.map { LayerProbabilities(weight: Softmax.probabilities($0.w, temperature: tau),
                                            activation: Softmax.probabilities($0.a, temperature: tau)) }
        }
        let analytic = model.gradient(probabilities(), temperature: tau)
        let scale = metric == .size ? 1.0 : 1e4
        let h: Float = 1e-2
        for l in 0..<2 {
            for j in 0..<3 {
                let x = logits[l].w[j]
                logits[l].w[j] = x + h; let up = model.expected(probabilities())
                logits[l].w[j] = x - h; let down = model.expected(probabilities())
                logits[l].w[j] = x
                let numeric = (up - down) / Double(2 * h)
                #expect(abs(numeric - Double(analytic[l].weight[j])) <= 2e-3 * scale, "layer \(l) weight \(j): \(numeric) vs \(analytic[l].weight[j])")
            }
            for i in 0..<2 {
                let x = logits[l].a[i]
                logits[l].a[i] = x + h; let up = model.expected(probabilities())
                logits[l].a[i] = x - h; let down = model.expected(probabilities())
                logits[l].a[i] = x
                let numeric = (up - down) / Double(2 * h)
                #expect(abs(numeric - Double(analytic[l].activation[i])) <= 2e-3 * scale, "layer \(l) activation \(i): \(numeric) vs \(analytic[l].activation[i])")
            }
        }
        // Size does not depend on activation bits.
        if metric == .size { #expect(analytic.allSatisfy { $0.activation.allSatisfy { $0 == 0 } }) }
    }

    /// Error of a layer at b bits: its sensitivity · 4^(−b). A is 100× as sensitive as B.
    static func objective(_ s: Strategy) -> Double {
        let bits = [2, 4, 8]
        return 100 * pow(4, -Double(bits[s.weight[0]])) + pow(4, -Double(bits[s.weight[1]]))
    }

    @Test("repair at 4 bpw from W8 everywhere: B drops to 2 bits, A stays at 8 — the best feasible allocation")
    func repairFindsKnownAllocation() {
        let model = Self.twoLayers(.size)
        let repair = BudgetRepair(model: model, target: 4.0, weightMethods: 1, activationMethods: 1)
        let r = repair.repair(Strategy(weight: [2, 2], activation: [1, 1]), objective: Self.objective)
        #expect(r.strategy.weight == [2, 0])
        #expect(r.fits && r.cost <= 4.0 && r.cost == 2.6)
        // Brute force over the nine allocations: no feasible one has a lower objective.
        let feasible = (0..<3).flatMap { a in (0..<3).map { b in Strategy(weight: [a, b], activation: [1, 1]) } }
            .filter { model.cost($0) <= 4.0 }
        #expect(feasible.map(Self.objective).min() == r.objective)
    }

    @Test("a budget a strategy costs exactly is met exactly; from below, repair upgrades while the cost still fits")
    func repairMeetsTheBudgetExactly() {
        let model = Self.twoLayers(.size)
        // W8 on A, W4 on B costs (800 + 3600) / 1000 = 4.4 bpw.
        let down = BudgetRepair(model: model, target: 4.4, weightMethods: 1, activationMethods: 1)
            .repair(Strategy(weight: [2, 2], activation: [1, 1]), objective: Self.objective)
        #expect(down.strategy.weight == [2, 1] && down.cost == 4.4 && down.fits)
        let up = BudgetRepair(model: model, target: 4.4, weightMethods: 1, activationMethods: 1)
            .repair(Strategy(weight: [0, 0], activation: [1, 1]), objective: Self.objective)
        #expect(up.strategy.weight == [2, 1] && up.cost == 4.4)
    }

    @Test("a pin that makes the budget unreachable: repair stops at the cheapest strategy the pins allow and says it does not fit")
    func pinMakesBudgetUnreachable() {
        let model = Self.twoLayers(.size)
        let pins = [1: LayerPin(weight: 2)]
        #expect(model.range(pins: pins).lowerBound == 7.4)
        let r = BudgetRepair(model: model, target: 4.0, pins: pins, weightMethods: 1, activationMethods: 1)
            .repair(Strategy(weight: [2, 2], activation: [1, 1]), objective: Self.objective)
        #expect(!r.fits)
        #expect(r.strategy.weight == [0, 2] && r.cost == 7.4)
    }

    @Test("under a size budget activation bits cost nothing: repair never downgrades them to fit, and takes a free upgrade that helps")
    func freeActivationMoves() {
        let model = Self.twoLayers(.size)
        // The objective also wants 8-bit activations on layer A.
        func objective(_ s: Strategy) -> Double { Self.objective(s) + (s.activation[0] == 0 ? 1 : 0) }
        let r = BudgetRepair(model: model, target: 4.0, weightMethods: 1, activationMethods: 1)
            .repair(Strategy(weight: [2, 2], activation: [0, 1]), objective: objective)
        #expect(r.strategy == Strategy(weight: [2, 0], activation: [1, 1]))
        #expect(r.fits && r.cost == 2.6)
    }

    @Test("repair moves keep the method: slot j goes to the slot of the same method at the adjacent bit-width")
    func movesKeepTheMethod() {
        // Two methods at 2, 4, 8 bits: slots [m0@2, m1@2, m0@4, m1@4, m0@8, m1@8].
        let bits = [2, 2, 4, 4, 8, 8]
        #expect(BudgetRepair.neighbour(of: 5, bits: bits, methods: 2, .down) == 3)
        #expect(BudgetRepair.neighbour(of: 3, bits: bits, methods: 2, .down) == 1)
        #expect(BudgetRepair.neighbour(of: 1, bits: bits, methods: 2, .down) == nil)
        #expect(BudgetRepair.neighbour(of: 2, bits: bits, methods: 2, .up) == 4)
        // An edge layer at 8 bits in every slot has nowhere to go.
        #expect(BudgetRepair.neighbour(of: 4, bits: [8, 8, 8, 8, 8, 8], methods: 2, .down) == nil)
    }

    @Test("budgets outside the candidates' range are refused naming the range; relative BOPs resolve against W8A8")
    func budgetRange() throws {
        let model = Self.twoLayers(.size)
        #expect(throws: MixedPrecisionError.self) { try BudgetConstraint(budget: .size(bitsPerWeight: 1.5), model: model) }
        do {
            _ = try BudgetConstraint(budget: .size(bitsPerWeight: 9), model: model)
        } catch {
            #expect(error.localizedDescription.contains("2.000 bpw … 8.000 bpw"), "\(error.localizedDescription)")
        }
        let bops = Self.twoLayers(.bops)
        let c = try BudgetConstraint(budget: .relativeBOPs(fraction: 0.25, reference: BitWidths(weight: 8, activation: 8)), model: bops)
        #expect(c.target == 0.25 * 1300 * 64)
        #expect(throws: MixedPrecisionError.self) {
            try BudgetConstraint(budget: .relativeBOPs(fraction: 0.05, reference: BitWidths(weight: 8, activation: 8)), model: bops)
        }
    }
}
