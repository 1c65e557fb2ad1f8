import Foundation
import Testing

/// `dqss results` links each searched section (the learned-rounding search
/// included) to the HTML report of its search, written beside its snapshot.
struct ResultsDocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/release/dqss")

    @Test func eachSearchedSectionLinksToItsReport() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build dqss first (make test does)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-results-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = Self.binary
        // With learned rounding too (a few reconstruction steps per layer): its search gets a report as well.
        p.arguments = ["results", "--models", "resnet20", "--baseline-bits", "w4a4", "--search-bits", "w4a4", "--steps", "2",
                       "--eval-limit", "20", "--out", "doc/RESULTS.md", "--reports", "searches",
                       "--adaround", "--adaround-iterations", "4", "--adaround-cache", "cache"]
        p.currentDirectoryURL = dir
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "\(output)")

        let doc = try String(contentsOf: dir.appendingPathComponent("doc/RESULTS.md"), encoding: .utf8)
        // Links are relative to the document: doc/ → ../searches/…
        let links = doc.matches(of: /\[(plain|annealed|adaround)\]\(([^)]+)\)/).map { (String($0.1), String($0.2)) }
        #expect(links.map(\.0) == ["plain", "annealed", "adaround"], "\(doc)")
        for (_, target) in links {
            #expect(target.hasPrefix("../searches/"), "\(target)")
            let html = dir.appendingPathComponent("doc").appendingPathComponent(target).standardizedFileURL
            let page = try String(contentsOf: html, encoding: .utf8)
            #expect(page.contains("<svg") && page.contains("resnet20"), "\(html.path) is not a report")
            // The snapshot it was made from sits beside it.
            #expect(FileManager.default.fileExists(atPath: html.deletingPathExtension().appendingPathExtension("json").path))
        }
    }
}
