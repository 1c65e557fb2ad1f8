import Testing
import SearchEvents

@Suite struct SearchResultsTests {
    static let description = SearchDescription(
        model: "tiny", mode: .ptq, weightBits: 4, activationBits: 4,
        layers: [LayerInfo(name: "a", kind: "conv2d", weightShape: [1], inputShape: [1]),
                 LayerInfo(name: "b", kind: "linear", weightShape: [1], inputShape: [1])],
        weightCandidates: ["minmax", "mse"], activationCandidates: ["minmax", "kl"], totalSteps: 10, metricName: "top-1")

    static func finishedModel() -> SearchModel {
        let pair = UniformPair(weight: 1, activation: 1)
        let final = EvaluationReport(kind: .final, strategy: Strategy(weight: [0, 1], activation: [1, 1]), source: .refinement,
                                     metricName: "top-1", value: 92.79, calibrationObjective: 0.0123)
        let reports = [
            EvaluationReport(kind: .float, metricName: "top-1", value: 93.88),
            final,
            EvaluationReport(kind: .derivedArgmax, strategy: Strategy(weight: [0, 0], activation: [1, 1]),
                             metricName: "top-1", value: 92.10, calibrationObjective: 0.0189),
            EvaluationReport(kind: .bestUniform, strategy: .uniform(layers: 2, weight: 1, activation: 1), uniform: pair,
                             metricName: "top-1", value: 92.67, calibrationObjective: 0.0146),
        ]
        var m = SearchModel()
        m.apply(.started(description))
        m.apply(.evaluation(EvaluationReport(kind: .manual, strategy: Strategy(weight: [0, 0], activation: [0, 0]), step: 4,
                                             metricName: "top-1", value: 80)))
        for r in reports { m.apply(.evaluation(r)) }
        m.apply(.finished(SearchSummary(weightChoices: [0, 1], activationChoices: [1, 1], evaluations: reports,
                                        snapshotPath: "runs/s.json")))
        return m
    }

    @Test func floatFinalAndBestUniformLeadWithTheDifference() throws {
        let r = SearchResults(Self.finishedModel())
        #expect(r.rows.map(\.title) == ["float", "final (refined)", "best uniform mse/kl", "derived @ step 4", "derived (argmax)"])
        let difference = try #require(r.difference)
        #expect(abs(difference - 0.12) < 1e-9)
        #expect(r.rows[0].versusBestUniform == nil && r.rows[2].versusBestUniform == nil)
        #expect(abs((r.rows[4].versusBestUniform ?? 0) + 0.57) < 1e-9)
        #expect(r.snapshotPath == "runs/s.json")
    }

    @Test func plainTextCarriesNumbersObjectivesAndCommands() {
        let lines = SearchResults(Self.finishedModel()).lines(nextCommands: ["dqss eval --strategy runs/s.json"])
        let text = lines.joined(separator: "\n")
        #expect(text.contains("tiny · PTQ W4A4"))
        #expect(lines.contains { $0.hasPrefix("final (refined)") && $0.contains("92.79") && $0.contains("+0.12") && $0.contains("0.01230") })
        #expect(lines.contains { $0.hasPrefix("best uniform mse/kl") && $0.contains("92.67") && $0.contains("0.01460") })
        #expect(text.contains("final − best uniform mse/kl: +0.12 top-1"))
        #expect(text.contains("snapshot: runs/s.json"))
        #expect(lines.last == "  dqss eval --strategy runs/s.json")
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func aLaterReportOfTheSameStageReplacesTheEarlierOne() {
        var m = SearchModel()
        m.apply(.evaluation(EvaluationReport(kind: .manual, step: 3, metricName: "top-1", value: 70)))
        m.apply(.evaluation(EvaluationReport(kind: .manual, step: 9, metricName: "top-1", value: 75)))
        m.apply(.evaluation(EvaluationReport(kind: .float, metricName: "top-1", value: 90)))
        m.apply(.evaluation(EvaluationReport(kind: .float, metricName: "top-1", value: 91)))
        #expect(m.evaluations.count == 3)
        #expect(m.evaluation(.float)?.value == 91)
    }

    @Test func withoutAGuardThePairsMeasuredGiveTheBestUniform() {
        var m = SearchModel()
        m.apply(.evaluation(EvaluationReport(kind: .uniformPair, uniform: UniformPair(weight: 0, activation: 0), metricName: "top-1", value: 80)))
        m.apply(.evaluation(EvaluationReport(kind: .uniformPair, uniform: UniformPair(weight: 1, activation: 1), metricName: "top-1", value: 85)))
        #expect(m.evaluations.count == 2)
        #expect(m.bestUniform?.uniform == UniformPair(weight: 1, activation: 1))
    }
}

@Suite struct SearchResultsFineTuningTests {
    @Test func aFineTunedFinalIsNotComparedWithAPairMeasuredBeforeFineTuning() {
        var m = SearchModel()
        m.apply(.started(SearchResultsTests.description))
        let pair = UniformPair(weight: 1, activation: 1)
        m.apply(.evaluation(EvaluationReport(kind: .derivedArgmax, fineTuning: .before, metricName: "top-1", value: 50)))
        m.apply(.evaluation(EvaluationReport(kind: .bestUniform, uniform: pair, fineTuning: .before, metricName: "top-1", value: 58)))
        m.apply(.evaluation(EvaluationReport(kind: .final, source: .derivedArgmax, fineTuning: .after, metricName: "top-1", value: 67)))
        let r = SearchResults(m)
        #expect(r.difference == nil && r.verdict == nil)
        #expect(r.rows.first { $0.report.kind == .final }?.versusBestUniform == nil)
        #expect(r.rows.first { $0.report.kind == .derivedArgmax }?.versusBestUniform == -8)
    }
}
