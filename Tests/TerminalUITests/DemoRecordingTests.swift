import Foundation
import Search
import Testing
import TerminalUI

/// The committed demo recording (Assets/demo-events.jsonl) and its generator.
/// Regenerate with scripts/record-demo-events.sh.
@Suite struct DemoRecordingTests {
    static let url = Fixtures.packageRoot.appendingPathComponent("Assets/demo-events.jsonl")

    @Test(.enabled(if: ProcessInfo.processInfo.environment["DQSS_WRITE_DEMO_EVENTS"] == "1"))
    func writeDemoRecording() throws {
        let data = try EventRecording.encode(DemoEventSynthesizer().events())
        try FileManager.default.createDirectory(at: Self.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: Self.url, options: .atomic)
    }

    static func entropy(_ p: [Float]) -> Double {
        -p.filter { $0 > 0 }.reduce(0) { $0 + Double($1) * log(Double($1)) }
    }

    @Test func committedRecordingIsARealisticSearch() throws {
        let data = try Data(contentsOf: Self.url)
        #expect(data.count < 1_000_000)
        let events = try EventRecording.decode(data)
        guard case .started(let d)? = events.first else { Issue.record("first event is not .started"); return }
        #expect(d.layers.count == 20)
        #expect(d.layers.first?.name == "stem")
        #expect(d.layers.contains { $0.name == "stage1.block0.conv1" })
        #expect(d.weightCandidates == ["minmax", "percentile", "mse", "aciq", "kl"])
        #expect(d.activationCandidates.count == 5)
        let steps = events.compactMap { e -> StepReport? in if case .step(let s) = e { return s } else { return nil } }
        #expect(steps.count == 300)
        #expect(steps.map(\.step) == Array(1...300))
        let first = try #require(steps.first), last = try #require(steps.last)
        // Sharpening: mean entropy per layer falls well below the uniform ln 5.
        let h0 = first.probabilities.map { Self.entropy($0.weight) }.reduce(0, +) / 20
        let h1 = last.probabilities.map { Self.entropy($0.weight) }.reduce(0, +) / 20
        #expect(h0 > 1.5)
        #expect(h1 < 0.3)
        #expect(last.temperature < first.temperature)
        #expect(last.loss < first.loss * 0.5)
        #expect(events.last?.isTerminal == true)
        if case .finished(let s)? = events.last {
            #expect(s.weightChoices.count == 20)
            #expect(s.evaluations.contains { $0.label == "derived" })
        }
    }
}
