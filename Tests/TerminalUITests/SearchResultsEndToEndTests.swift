import Foundation
import Testing
import NeuralNet
import Search

/// A real short `dqss search` in an 80×24 tmux pane: when it finishes the
/// results view shows float, final, the best uniform pair with the difference
/// and the next commands; after `q` the same summary is on the terminal.
@Suite(.serialized) struct SearchResultsEndToEndTests {
    let e2e = EndToEndTests(socket: "dqss-e2e-results-\(getpid())", session: "results")
    var session: String { e2e.session }

    @Test(.enabled(if: EndToEndTests.tmuxPath != nil, "tmux is not installed: skipping the terminal end-to-end test"))
    func finishedSearchShowsResultsThenPrintsThem() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: EndToEndTests.binary.path),
                     "build the binary first: swift build -c release")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-tui-results-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try ResNet20.build(seed: 5)
        let checkpoint = dir.appendingPathComponent("model.safetensors")
        try SafeTensors.write(graph.parameters, metadata: ["model": "resnet20"], to: checkpoint)
        let snapshot = dir.appendingPathComponent("snap.json")
        let exitFile = dir.appendingPathComponent("exit")
        // Run inside the folder so the paths are as short as `make run`'s; the pane outlives
        // the program so the printed summary can be read (stopServer ends it).
        let command = "cd '\(dir.path)' && LANG=C.UTF-8 '\(EndToEndTests.binary.path)' search "
            + "--checkpoint model.safetensors --steps 6 --calibration 128 --batch 16 --guard-images 64 "
            + "--eval-limit 100 --snapshot snap.json; echo EXIT=$? > '\(exitFile.path)'; sleep 600"
        try e2e.tmux(["new-session", "-d", "-s", session, "-x", "80", "-y", "24", command])
        defer { e2e.stopServer() }

        let view = try await e2e.waitForScreen("results view", timeout: 300) { $0.contains("─ results ─") && $0.contains("dqss eval") }
        let rows = view.split(separator: "\n").map(String.init)
        #expect(rows.count <= 24)
        #expect(rows.contains { $0.contains("float") })
        let finalRow = try #require(rows.first { $0.contains("final (") }, "no final row:\n\(view)")
        let uniformRow = try #require(rows.first { $0.hasPrefix("│ best uniform ") }, "no best uniform row:\n\(view)")
        // The final row carries its metric, its difference to the best uniform pair and its objective.
        #expect(finalRow.range(of: #"\d+\.\d\d +[+-]\d+\.\d\d +\d"#, options: .regularExpression) != nil, "final row: \(finalRow)")
        #expect(uniformRow.range(of: #"\d+\.\d\d +\d\.\d+"#, options: .regularExpression) != nil, "uniform row: \(uniformRow)")
        #expect(view.contains("final − best uniform "))
        #expect(view.contains("snap.json"))
        // Commands wider than the view wrap at spaces.
        #expect(view.contains("dqss eval --model resnet20 --checkpoint model.safetensors --strategy"))
        #expect(view.contains("dqss export --model resnet20"))

        // Over: q leaves at once; the summary stays on the terminal.
        try e2e.tmux(["send-keys", "-t", session, "q"])
        #expect(try await e2e.exitStatus(exitFile, timeout: 120) == "EXIT=0")
        let after = try await e2e.waitForScreen("printed summary") { $0.contains("result · resnet20") && $0.contains("next:") }
        #expect(!after.contains("─ results ─"))
        let printed = after.split(separator: "\n").map(String.init)
        let printedFinal = try #require(printed.first { $0.hasPrefix("final (") })
        // The same numbers as the view.
        let number = #"\d+\.\d\d"#
        let viewNumber = finalRow.range(of: number, options: .regularExpression).map { String(finalRow[$0]) }
        #expect(viewNumber != nil && printedFinal.contains(viewNumber!))
        #expect(printed.contains { $0.hasPrefix("best uniform ") })
        #expect(printed.contains { $0.contains("snapshot: ") && $0.contains("snap.json") })
        // A row of exactly the pane's width may wrap: read the rows joined.
        #expect(printed.joined().contains("  dqss eval --model resnet20 --checkpoint model.safetensors --strategy snap.json"))
        let final = try SearchSnapshot.read(from: snapshot)
        #expect(final.finished)
    }
}
