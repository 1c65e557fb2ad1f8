import Testing
import TestSupport
import Foundation
import Synchronization
import Tensor
import NeuralNet
import Datasets
import Search
import Tasks

/// A post-training search with one bit-width per side (the default candidate
/// policy) must give what it gave before bit-widths became per-candidate
/// values: the numbers below were recorded from the search before that change
/// (commit a82f9e5), on real Fashion-MNIST images and calibrated candidates.
@Suite("Default bit policy regression")
struct DefaultPolicyRegressionTests {
    struct Outcome {
        var losses: [Float]
        var derived: Strategy
        var final: Strategy
        var objectives: [Double]
        var bits: [BitWidths?]
    }

    static func run(bits: BitWidths, firstAndLastAt8Bits: Bool) throws -> Outcome {
        let model = try SmallFashionSearch.model(name: "policy-small")
        let task = try SmallFashionSearch.task()
        let url = SmallFashionSearch.temporarySnapshot("policy")
        defer { try? FileManager.default.removeItem(at: url) }
        let config = SearchConfiguration(model: "policy-small", bits: bits, calibrationImages: 128, batchSize: 32, steps: 12,
                                         learningRate: 0.1, guardAgainstUniform: true, guardImages: 64,
                                         firstAndLastAt8Bits: firstAndLastAt8Bits, evaluationLimit: 100, seed: 1)
        var engine = try SearchEngine(config: config, model: model, task: task, snapshotURL: url, emit: { _ in })
        _ = engine.run(mailbox: CommandMailbox(), emit: { _ in })
        let s = engine.snapshot()
        return Outcome(losses: s.lossHistory, derived: s.derived, final: try #require(s.final),
                       objectives: s.evaluations.compactMap(\.calibrationObjective), bits: s.layers.map(\.bits))
    }

    /// Relative agreement: the vectorised kernels may round differently on another CPU.
    static func close(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-4 * max(abs($1), 1e-3) }
    }

    @Test("W3A3: the same losses, argmax, final strategy and objectives as before per-candidate bit-widths")
    func w3a3() throws {
        let o = try Self.run(bits: BitWidths(weight: 3, activation: 3), firstAndLastAt8Bits: false)
        #expect(Self.close(o.losses, [0.0004185086, 0.0003909383, 0.0002918323, 0.0002667486, 0.00032079534, 0.00040347624,
                                      0.00034904256, 0.0003507983, 0.0004107485, 0.000444837, 0.00031171372, 0.00033634246]),
                "losses \(o.losses)")
        #expect(o.derived == Strategy(weight: [0, 2, 2], activation: [0, 1, 3]))
        #expect(o.final == Strategy(weight: [2, 2, 2], activation: [2, 2, 2]))
        #expect(Self.close(o.objectives.map { Float($0) }, [0.00039247836684808135, 0.0005101735587231815, 0.00039247836684808135]),
                "objectives \(o.objectives)")
    }

    @Test("W2A2 with the first and last layers at 8 bits: the same as before")
    func w2a2FirstLast8() throws {
        let o = try Self.run(bits: BitWidths(weight: 2, activation: 2), firstAndLastAt8Bits: true)
        #expect(Self.close(o.losses, [0.0030653295, 0.0026015162, 0.0020275272, 0.0012591777, 0.0005458185, 0.00042516587,
                                      0.00042735564, 0.00046558992, 0.0005695488, 0.00056803547, 0.0004508573, 0.00047325282]),
                "losses \(o.losses)")
        #expect(o.derived == Strategy(weight: [0, 2, 0], activation: [1, 2, 1]))
        #expect(o.final == o.derived)
        // The snapshot records each layer's bits: the edge rule is a policy of the candidates.
        #expect(o.bits == [BitWidths(weight: 8, activation: 8), BitWidths(weight: 2, activation: 2), BitWidths(weight: 8, activation: 8)])
        #expect(Self.close(o.objectives.map { Float($0) }, [0.0005150900688022375, 0.000515295600052923]),
                "objectives \(o.objectives)")
    }
}
