import Foundation
import Search
import Testing
import TerminalUI

/// The committed demo recording (Assets/demo-events.jsonl): a real `make run`
/// search, recorded by scripts/record-demo-events.sh.
@Suite struct DemoRecordingTests {
    static let url = Fixtures.packageRoot.appendingPathComponent("Assets/demo-events.jsonl")

    static func entropy(_ p: [Float]) -> Double {
        -p.filter { $0 > 0 }.reduce(0) { $0 + Double($1) * log(Double($1)) }
    }

    @Test func committedRecordingIsARealisticSearch() throws {
        let data = try Data(contentsOf: Self.url)
        // A real 300-step recording of 22 layers is about 1 MB; the bound keeps the asset from growing unnoticed.
        #expect(data.count < 1_500_000)
        let events = try EventRecording.decode(data)
        // The engine announces calibration, then describes the search.
        guard case .phase(.calibrating)? = events.first else { Issue.record("first event is not the calibration phase"); return }
        let d = try #require(events.lazy.compactMap { e -> SearchDescription? in if case .started(let d) = e { return d } else { return nil } }.first)
        #expect(d.layers.count == 22)
        #expect(d.layers.first?.name == "stem.conv")
        #expect(d.layers.contains { $0.name == "stage1.block0.conv1" })
        #expect(d.weightCandidates == ["minmax", "percentile", "mse", "aciq", "kl"])
        #expect(d.activationCandidates.count == 5)
        let steps = events.compactMap { e -> StepReport? in if case .step(let s) = e { return s } else { return nil } }
        #expect(steps.count == 300)
        #expect(steps.map(\.step) == Array(1...300))
        let first = try #require(steps.first), last = try #require(steps.last)
        // Sharpening: mean entropy per layer falls well below the uniform ln 5.
        let h0 = first.probabilities.map { Self.entropy($0.weight) }.reduce(0, +) / 22
        let h1 = last.probabilities.map { Self.entropy($0.weight) }.reduce(0, +) / 22
        #expect(h0 > 1.5)
        #expect(h1 < h0 / 2)
        #expect(last.temperature < first.temperature)
        #expect(steps.allSatisfy { $0.loss.isFinite && $0.loss > 0 })
        #expect(events.last?.isTerminal == true)
        if case .finished(let s)? = events.last {
            #expect(s.weightChoices.count == 22)
            #expect(s.evaluations.contains { $0.kind == .final })
            #expect(s.evaluations.contains { $0.kind == .bestUniform })
        }
    }
}
