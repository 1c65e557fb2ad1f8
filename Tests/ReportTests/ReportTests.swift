import Foundation
import Testing
import TestSupport
import Synchronization
import Tensor
import NeuralNet
import Datasets
import Search
import SearchEvents
import Report
import Tasks

/// The report of a real (small) post-training search: its final snapshot
/// and its events recording.
@Suite(.serialized) struct ReportTests {
    struct Run {
        var snapshot: SearchSnapshot
        var early: SearchSnapshot
        var recording: [SearchEvent]
    }

    final class Recorder: Sendable {
        let events = Mutex<[SearchEvent]>([])
        func emit(_ e: SearchEvent) { events.withLock { $0.append(e) } }
    }

    static let run: Run = try! makeRun()

    static func makeRun() throws -> Run {
        let model = try SmallClassifier.graph(name: "report-small")
        let (train, test) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let m = MNISTFormat.fashionMNISTMean, sd = MNISTFormat.fashionMNISTStd
        let task = ClassificationTask(train: train.subset(0..<256).normalized(mean: m, std: sd),
                                      test: test.subset(0..<100).normalized(mean: m, std: sd), calibrationCount: 128, seed: 0)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-report-run-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let config = SearchConfiguration(model: "report-small", bits: BitWidths(weight: 3, activation: 3), calibrationImages: 128,
                                         batchSize: 32, steps: 12, learningRate: 0.1, guardAgainstUniform: true, guardImages: 64,
                                         evaluationLimit: 100, seed: 1)
        let recorder = Recorder()
        var engine = try SearchEngine(config: config, model: model, task: task, snapshotURL: url, emit: { recorder.emit($0) })
        let early = engine.snapshot()
        let mailbox = CommandMailbox()
        mailbox.send(.pin(layer: 1, pin: LayerPin(weight: 0)))
        _ = engine.run(mailbox: mailbox, emit: { recorder.emit($0) })
        return Run(snapshot: try SearchSnapshot.read(from: url), early: early, recording: recorder.events.withLock { $0 })
    }

    static var model: SearchModel {
        var m = SearchModel()
        for e in run.recording { m.apply(e) }
        return m
    }

    @Test func theReportHasTheTablesAndChartsAndNothingFetched() throws {
        let s = Self.run.snapshot
        let report = SearchReport(snapshot: s, snapshotPath: "runs/search/snapshot.json", recording: Self.run.recording)
        let html = report.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Self-contained: no script, no external file, no web font, no image source.
        for fetch in ["<script", "src=", "<link", "url(", "@import", "https://"] { #expect(!html.contains(fetch), "\(fetch)") }
        // Results: the same rows the TUI shows, from the typed evaluations.
        for r in s.evaluations {
            #expect(html.contains(SearchResults.metric(r.value)))
        }
        let results = SearchResults(Self.model)
        #expect(results.final != nil && results.bestUniform != nil)
        for row in results.rows { #expect(html.contains("<td>\(row.title)</td>"), "no row \(row.title)") }
        if let verdict = results.verdict { #expect(html.contains(verdict)) }
        for layer in s.layers { #expect(html.contains("<td>\(layer.name)</td>")) }
        #expect(html.contains("weights pinned"))
        let names = report.charts.map(\.name)
        #expect(names == ["loss", "weights-over-steps", "activations-over-steps", "weights-final", "activations-final"])
        #expect(html.components(separatedBy: "<svg").count - 1 == report.charts.count)
        #expect(!html.contains("class=\"lack\""))
    }

    @Test func aSnapshotWithoutHistorySaysWhatItLacks() throws {
        let report = SearchReport(snapshot: Self.run.early, snapshotPath: "early.json")
        let html = report.html
        #expect(html.contains("holds no evaluations"))
        #expect(html.contains("No loss curve"))
        #expect(html.contains("No probabilities over the steps"))
        #expect(!report.charts.map(\.name).contains("loss"))
        #expect(!html.contains("<polyline"))
    }
}
