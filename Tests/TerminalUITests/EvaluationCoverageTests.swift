import Foundation
import Testing
import TestSupport
import Synchronization
import Tensor
import NeuralNet
import Datasets
import Search
import TerminalUI
import Tasks

/// Every evaluation the engines emit gets its own row in the results view:
/// the engines run for real (a small network on Fashion-MNIST), their reports
/// are folded as the TUI folds them, and the 80×24 frame must show each title
/// and value.
@Suite(.serialized) struct EvaluationCoverageTests {
    static func model() throws -> Graph {
        try SmallClassifier.graph(name: "coverage-small")
    }

    static func task() throws -> ClassificationTask {
        let (train, test) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let m = MNISTFormat.fashionMNISTMean, s = MNISTFormat.fashionMNISTStd
        return ClassificationTask(train: train.subset(0..<256).normalized(mean: m, std: s),
                                  test: test.subset(0..<100).normalized(mean: m, std: s), calibrationCount: 128, seed: 0)
    }

    final class Recorder: Sendable {
        let events = Mutex<[SearchEvent]>([])
        func emit(_ e: SearchEvent) { events.withLock { $0.append(e) } }
    }

    /// A PTQ search with guard, refinement and a manual evaluation; a QAT
    /// search with fine-tuning and a guard that replaces a near-random argmax;
    /// a uniform QAT baseline.
    static func engineRuns() throws -> [[SearchEvent]] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-coverage-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let graph = try model(), task = try task()
        var runs: [[SearchEvent]] = []

        var ptq = SearchConfiguration(model: "coverage-small", mode: .ptq, bits: BitWidths(weight: 3, activation: 3),
                                      calibrationImages: 128, batchSize: 32, steps: 8, learningRate: 0.1,
                                      guardAgainstUniform: true, guardImages: 64, greedyRefinement: true,
                                      evaluationLimit: 100, seed: 1)
        ptq.firstAndLastAt8Bits = false
        let recorder = Recorder()
        var engine = try SearchEngine(config: ptq, model: graph, task: task, snapshotURL: url, emit: { recorder.emit($0) })
        let mailbox = CommandMailbox()
        mailbox.send(.evaluate)
        _ = engine.run(mailbox: mailbox, emit: { recorder.emit($0) })
        runs.append(recorder.events.withLock { $0 })

        for fixed in [nil, Strategy.uniform(layers: 3, weight: 0, activation: 0)] {
            var qat = SearchConfiguration(model: "coverage-small", mode: .qat, bits: BitWidths(weight: 2, activation: 2),
                                          calibrationImages: 128, batchSize: 32, steps: 4, learningRate: 5,
                                          guardAgainstUniform: true, guardImages: 64, evaluationLimit: 100, seed: 1)
            qat.warmupSteps = 1
            qat.fineTuneSteps = 1
            qat.weightLearningRate = 0.01
            let r = Recorder()
            var search = try QATSearch(config: qat, model: graph, task: task, snapshotURL: url, fixed: fixed)
            _ = search.run(mailbox: CommandMailbox(), emit: { r.emit($0) })
            runs.append(r.events.withLock { $0 })
        }
        return runs
    }

    @Test func everyEmittedKindIsDrawnInTheResultsView() throws {
        var emitted = Set<EvaluationKind>()
        for events in try Self.engineRuns() {
            var state = ExplorerState()
            for e in events { state.apply(e) }
            #expect(state.model.summary != nil, "the run did not finish")
            #expect(state.view.showResults, "a finished search opens the results view")
            let frame = ScreenRenderer.render(&state, width: 80, height: 24, theme: Theme(depth: .monochrome)).text
            for report in state.model.evaluations {
                emitted.insert(report.kind)
                let title = state.model.title(of: report)
                #expect(frame.contains(title), "\(report.kind) is not drawn: no row titled '\(title)'")
                #expect(frame.contains(String(format: "%.2f", report.value)))
            }
        }
        // What these runs must exercise, so the check above covers them.
        for kind: EvaluationKind in [.float, .final, .bestUniform, .manual, .derivedArgmax, .uniformPair] {
            #expect(emitted.contains(kind), "no run emitted \(kind)")
        }
    }

    @Test(arguments: EvaluationKind.allCases)
    func everyKindHasARowAt80x24(kind: EvaluationKind) {
        var state = ExplorerState()
        state.apply(.started(Fixtures.smallDescription))
        let report = EvaluationReport(kind: kind, strategy: kind == .float ? nil : .uniform(layers: 3, weight: 1, activation: 0),
                                      source: .bestUniform, uniform: UniformPair(weight: 1, activation: 0), step: 12,
                                      metricName: "top-1", value: 87.65, calibrationObjective: 0.0421)
        state.apply(.evaluation(report))
        state.apply(.finished(SearchSummary(weightChoices: [1, 1, 1], activationChoices: [0, 0, 0],
                                            evaluations: [report], snapshotPath: "runs/x.json")))
        let frame = ScreenRenderer.render(&state, width: 80, height: 24, theme: Theme(depth: .monochrome)).text
        #expect(frame.contains(state.model.title(of: report)))
        #expect(frame.contains("87.65"))
        #expect(frame.contains(kind == .float ? "runs/x.json" : "0.04210"))
    }
}
