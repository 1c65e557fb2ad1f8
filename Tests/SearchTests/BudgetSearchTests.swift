import Testing
import Foundation
import Synchronization
import Tensor
import NeuralNet
import Quantization
import Search
import Tasks

/// Mixed-precision searches of the small classifier (trained briefly) on real
/// Fashion-MNIST under a budget.
@Suite("Budgeted search", .serialized)
struct BudgetSearchTests {
    static let graph: Graph = try! SmallFashionSearch.trained(name: "budget-small")
    static let task: ClassificationTask = try! SmallFashionSearch.task()

    static func config(budget: Budget?, bits: String = "w2,4,8a8", steps: Int = 80) -> SearchConfiguration {
        var c = SearchConfiguration(model: "budget-small", bits: BitWidths(weight: 8, activation: 8),
                                    weightMethods: [.minmax, .mse], activationMethods: [.minmax, .kl], calibrationImages: 128,
                                    batchSize: 32, steps: steps, learningRate: 0.1, guardImages: 64, evaluationLimit: 100, seed: 1)
        c.bitChoices = BitChoices(bits)
        c.budget = budget
        return c
    }

    static func engine(_ config: SearchConfiguration, url: URL = SmallFashionSearch.temporarySnapshot("budget"),
                       emit: @escaping SearchEngine.Emit = { _ in }) throws -> SearchEngine {
        try SearchEngine(config: config, model: graph, task: task, snapshotURL: url, emit: emit)
    }

    /// The expected size of a snapshot's probabilities, in bits per weight.
    static func expectedSize(_ s: SearchSnapshot) throws -> Double {
        var folded = graph
        try folded.foldBatchNorms()
        let model = CostModel(graph: folded, layers: s.layers.map(\.name),
                              candidates: Dictionary(uniqueKeysWithValues: s.layers.map { ($0.name, $0.candidates!) }), metric: .size)
        return model.expected(s.layers.map(\.probabilities))
    }

    @Test("dual ascent drives the expected size to within the budget; without the budget the search keeps far more bits")
    func dualAscentMeetsTheBudget() throws {
        let config = Self.config(budget: .size(bitsPerWeight: 3))
        var engine = try Self.engine(config)
        var costs: [Double] = [], multipliers: [Double] = []
        for _ in 0..<config.steps {
            engine.searchStep()
            costs.append(try #require(engine.expectedCost))
            multipliers.append(try #require(engine.constraint).multiplier.value)
        }
        // Uniform logits start at E[bits] = (2 + 4 + 8) / 3.
        #expect(abs(costs[0] - 14.0 / 3) < 1e-6)
        #expect(try #require(costs.last) <= 3.0 * 1.01, "expected size \(costs)")
        #expect(try #require(multipliers.max()) > 0.5, "the multiplier never rose: \(multipliers)")
        // The snapshot's probabilities (after the last update) fit too.
        #expect(try Self.expectedSize(engine.snapshot()) <= 3.0 * 1.01)

        var free = try Self.engine(Self.config(budget: nil))
        for _ in 0..<config.steps { free.searchStep() }
        #expect(try Self.expectedSize(free.snapshot()) > 5, "without a budget the distillation prefers wide weights")
    }

    @Test("a whole budgeted search: the final strategy fits the budget exactly and every uniform pair it was compared with fits too",
          arguments: [Budget.size(bitsPerWeight: 3), .relativeBOPs(fraction: 0.3, reference: BitWidths(weight: 8, activation: 8))])
    func finalStrategyFits(budget: Budget) throws {
        let url = SmallFashionSearch.temporarySnapshot("budget-run")
        defer { try? FileManager.default.removeItem(at: url) }
        let log = EventLog()
        var engine = try Self.engine(Self.config(budget: budget, bits: "w2,4,8a4,8", steps: 40), url: url, emit: log.append)
        #expect(engine.run(mailbox: CommandMailbox(), emit: log.append) == .finished)
        let c = try #require(engine.constraint)
        let s = try SearchSnapshot.read(from: url, for: "budget-small", graph: Self.graph)
        let final = try #require(s.final)
        #expect(c.model.cost(final) <= c.target * (1 + 1e-9), "final costs \(c.model.cost(final)), budget \(c.target)")
        for report in s.evaluations where report.kind == .bestUniform {
            #expect(c.model.cost(try #require(report.strategy)) <= c.target * (1 + 1e-9))
        }
        #expect(s.configuration.budget == budget)
        #expect(s.lagrangeMultiplier == c.multiplier.value)
        let messages = log.all.compactMap { if case .message(let m) = $0 { return m } else { return nil } }
        #expect(messages.contains { $0.hasPrefix("budget ") && $0.contains("bit-width step") }, "\(messages)")
        // Every step event carries the expected cost against the budget, for the metrics panel.
        let budgets = log.all.compactMap { if case .step(let r) = $0 { return r.budget } else { return nil } }
        #expect(budgets.count == 40)
        #expect(budgets.allSatisfy { $0.target == c.target && $0.metric == budget.metric && $0.expected > 0 })
    }

    @Test("a pin that makes the budget unreachable is said at the pin; the search ends at the cheapest strategy the pin allows")
    func unreachablePin() throws {
        let config = Self.config(budget: .size(bitsPerWeight: 3), steps: 10)
        let log = EventLog()
        var engine = try Self.engine(config, emit: log.append)
        // Slot 4 is minmax at 8 bits; conv2 holds most of the weights.
        let mailbox = CommandMailbox()
        mailbox.send(.pin(layer: 1, pin: LayerPin(weight: 4)))
        #expect(engine.run(mailbox: mailbox, emit: log.append) == .finished)
        let messages = log.all.compactMap { if case .message(let m) = $0 { return m } else { return nil } }
        #expect(messages.contains { $0.contains("pin on layer 1 makes the budget") && $0.contains("unreachable") }, "\(messages)")
        #expect(messages.contains { $0.contains("over (the pins allow no less)") }, "\(messages)")
        let c = try #require(engine.constraint)
        let final = try #require(engine.snapshot().final)
        #expect(final.weight[1] == 4)
        #expect(c.model.cost(final) == c.model.range(pins: engine.pins).lowerBound)
    }

    @Test("a budget outside the candidates' range is refused before calibration, naming the range")
    func outOfRange() throws {
        #expect {
            _ = try Self.engine(Self.config(budget: .size(bitsPerWeight: 1.5)))
        } throws: { error in
            (error as? MixedPrecisionError).map { if case .budgetOutOfRange = $0 { return true } else { return false } } ?? false
                && error.localizedDescription.contains("2.000 bpw … 8.000 bpw")
        }
    }
}
