import Foundation
import Testing
import SearchEvents

@Suite struct EvaluationReportTests {
    static let weights = ["minmax", "mse"], activations = ["minmax", "kl"]

    static func report(_ kind: EvaluationKind, value: Double = 90, source: EvaluationKind? = nil,
                       uniform: UniformPair? = nil, step: Int? = nil, fineTuning: FineTuningStage? = nil) -> EvaluationReport {
        EvaluationReport(kind: kind, strategy: kind == .float ? nil : Strategy(weight: [0, 1], activation: [1, 1]),
                         source: source, uniform: uniform, step: step, fineTuning: fineTuning,
                         metricName: "top-1", value: value, calibrationObjective: kind == .float ? nil : 0.5)
    }

    func title(_ r: EvaluationReport) -> String { r.title(weightCandidates: Self.weights, activationCandidates: Self.activations) }

    @Test func titlesNameTheStageAndThePair() {
        let pair = UniformPair(weight: 1, activation: 1)
        #expect(title(Self.report(.float)) == "float")
        #expect(title(Self.report(.final, source: .refinement)) == "final (refined)")
        #expect(title(Self.report(.final, source: .bestUniform, uniform: pair)) == "final (uniform mse/kl)")
        #expect(title(Self.report(.bestUniform, uniform: pair)) == "best uniform mse/kl")
        #expect(title(Self.report(.manual, step: 40)) == "derived @ step 40")
        #expect(title(Self.report(.derivedArgmax, fineTuning: .before)) == "derived (argmax), before fine-tuning")
        #expect(title(Self.report(.final, source: .derivedArgmax, fineTuning: .after)) == "final (argmax), fine-tuned")
    }

    @Test func everyKindHasItsOwnTitle() {
        let titles = EvaluationKind.allCases.map { title(Self.report($0, uniform: UniformPair(weight: 0, activation: 1), step: 3)) }
        #expect(Set(titles).count == EvaluationKind.allCases.count)
    }

    @Test func roundTripsThroughJSON() throws {
        let r = Self.report(.final, source: .bestUniform, uniform: UniformPair(weight: 1, activation: 0), fineTuning: .after)
        let back = try JSONDecoder().decode(EvaluationReport.self, from: JSONEncoder().encode(r))
        #expect(back == r)
    }

    @Test(arguments: [
        ("fp", EvaluationKind.float, nil as Int?, nil as FineTuningStage?),
        ("derived", .final, nil, nil),
        ("final (refined)", .final, nil, nil),
        ("derived (argmax)", .derivedArgmax, nil, nil),
        ("after guard (uniform mse/kl)", .guardPick, nil, nil),
        ("best uniform mse/kl", .bestUniform, nil, nil),
        ("uniform aciq/mse", .uniformPair, nil, nil),
        ("derived@120", .manual, 120, nil),
        ("final (derived), before fine-tuning", .guardPick, nil, .before),
        ("final (derived), after fine-tuning", .final, nil, .after),
    ])
    func versionOneLabelsDecodeToKinds(label: String, kind: EvaluationKind, step: Int?, stage: FineTuningStage?) throws {
        let json = #"{"label": "\#(label)", "metricName": "top-1", "value": 91.5}"#
        let r = try JSONDecoder().decode(EvaluationReport.self, from: Data(json.utf8))
        #expect(r.kind == kind)
        #expect(r.step == step)
        #expect(r.fineTuning == stage)
        #expect(r.value == 91.5)
    }

    @Test func aReportWithNeitherKindNorLabelIsRejected() {
        let json = #"{"metricName": "top-1", "value": 91.5}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EvaluationReport.self, from: Data(json.utf8)) }
    }
}
