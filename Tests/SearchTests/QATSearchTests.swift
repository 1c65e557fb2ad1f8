import Testing
import TestSupport
import Foundation
import Tensor
import NeuralNet
import Datasets
import Quantization
import Search
import Synchronization
import Tasks

/// Quantization-aware search end to end on a small convolutional network and
/// real Fashion-MNIST images: phases, the guard at derivation, and the reports.
@Suite("QAT search")
struct QATSearchTests {
    static func model() throws -> Graph {
        try SmallClassifier.graph(name: "qat-small")
    }

    static func task() throws -> ClassificationTask {
        let (train, test) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let m = MNISTFormat.fashionMNISTMean, s = MNISTFormat.fashionMNISTStd
        return ClassificationTask(train: train.subset(0..<512).normalized(mean: m, std: s),
                                  test: test.subset(0..<200).normalized(mean: m, std: s), calibrationCount: 128, seed: 0)
    }

    static func run(guard: Bool, fineTune: Int, logitLearningRate: Float = 0.1, seed: UInt64 = 1) throws -> SearchSummary {
        var config = SearchConfiguration(model: "qat-small", mode: .qat, bits: BitWidths(weight: 2, activation: 2),
                                         calibrationImages: 128, batchSize: 32, steps: 6, learningRate: logitLearningRate,
                                         guardAgainstUniform: `guard`, guardImages: 128, evaluationLimit: 200, seed: seed)
        config.warmupSteps = 2
        config.fineTuneSteps = fineTune
        config.weightLearningRate = 0.01
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-qat-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        var search = try QATSearch(config: config, model: try model(), task: try task(), snapshotURL: url)
        let summary = Mutex<SearchSummary?>(nil)
        let outcome = search.run(mailbox: CommandMailbox()) { event in
            if case .finished(let s) = event { summary.withLock { $0 = s } }
        }
        #expect(outcome == .finished)
        return try #require(summary.withLock { $0 })
    }

    /// A logit learning rate of 5 makes the argmax close to a random draw per
    /// layer, which the guard (deterministically, for seed 2) replaces.
    @Test("the guard keeps the better of the argmax and every uniform pair on the calibration objective",
          arguments: [(Float(0.1), UInt64(1)), (5, 2)])
    func guardPicksOnTheObjective(logitLearningRate: Float, seed: UInt64) throws {
        let reports = try Self.run(guard: true, fineTune: 2, logitLearningRate: logitLearningRate, seed: seed).evaluations
        let argmax = try #require(reports.first { $0.kind == .derivedArgmax })
        let uniform = try #require(reports.first { $0.kind == .bestUniform })
        let final = try #require(reports.first { $0.kind == .final })
        #expect(argmax.fineTuning == .before && uniform.fineTuning == .before && final.fineTuning == .after)
        #expect(reports.filter { $0.kind == .final }.count == 1)
        // The pick is the argmax unless the guard replaced it; fine-tuning trained that strategy.
        let pick = reports.first { $0.kind == .guardPick } ?? argmax
        let objective = try #require(pick.calibrationObjective)
        #expect(objective.isFinite && objective >= 0)
        #expect(final.strategy == pick.strategy)
        #expect(objective <= (try #require(argmax.calibrationObjective)))
        #expect(objective <= (try #require(uniform.calibrationObjective)))
        // So that both branches run: at this seed the near-random argmax is replaced by a uniform pair.
        if logitLearningRate == 5 { #expect(pick.kind == .guardPick) }
        if pick.kind == .guardPick {
            #expect(pick.source == .bestUniform && final.source == .bestUniform)
            #expect(pick.uniform == uniform.uniform && pick.strategy == uniform.strategy)
            #expect(try #require(argmax.calibrationObjective) > objective)
        } else {
            #expect(final.source == .derivedArgmax)
        }
    }

    @Test("without the guard the argmax goes into fine-tuning")
    func noGuardKeepsTheArgmax() throws {
        let reports = try Self.run(guard: false, fineTune: 2).evaluations
        #expect(reports.map(\.kind) == [.float, .derivedArgmax, .final])
        #expect(reports.map(\.fineTuning) == [nil, .before, .after])
        #expect(reports.last?.source == .derivedArgmax)
        #expect(reports[1].strategy == reports[2].strategy)
    }

    @Test("with no fine-tuning the derived strategy is evaluated once, at the end")
    func noFineTuning() throws {
        let reports = try Self.run(guard: true, fineTune: 0).evaluations
        let finals = reports.filter { $0.kind == .final }
        #expect(finals.count == 1 && finals.first?.fineTuning == nil)
        #expect(finals.first?.calibrationObjective != nil)
        #expect(reports.contains { $0.kind == .bestUniform && $0.fineTuning == nil })
    }
}
