import Foundation
import Testing
import Report

/// The report page in a real browser: headless Chromium renders it without
/// console errors, at desktop and phone width, and every chart is in the DOM.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs chromium headless; returns (stdout, stderr).
    static func run(_ arguments: [String]) throws -> (String, String) {
        let dir = FileManager.default.temporaryDirectory
        let out = dir.appendingPathComponent("chromium-\(UUID().uuidString).out"), err = dir.appendingPathComponent("chromium-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium!)
        // Root needs --no-sandbox; a private profile keeps runs apart.
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                       "--user-data-dir=" + dir.appendingPathComponent("chromium-profile-\(UUID().uuidString)").path] + arguments
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(180)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        return (try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ data: Data) -> (Int, Int)? {
        guard data.count > 24, data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        func be(_ o: Int) -> Int { data[o ..< o + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (make test installs it): skipping the browser test"),
          arguments: [(1000, 2600), (390, 3200)])
    func chromiumRendersTheReport(size: (Int, Int)) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = SearchReport(snapshot: ReportTests.run.snapshot, snapshotPath: "runs/search/snapshot.json",
                                  recording: ReportTests.run.recording)
        let page = dir.appendingPathComponent("report.html")
        try Data(report.html.utf8).write(to: page)
        let png = dir.appendingPathComponent("page.png")
        let (_, shotLog) = try Self.run(["--window-size=\(size.0),\(size.1)", "--screenshot=\(png.path)", page.absoluteString])
        let shot = try Data(contentsOf: png)
        let s = try #require(Self.pngSize(shot), "no PNG written; chromium said:\n\(shotLog.suffix(2000))")
        #expect(s == size)
        #expect(shot.count > 20_000, "a blank page compresses to a few kB")
        // Console messages reach stderr as CONSOLE lines; an error would show there.
        let console = shotLog.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(console.isEmpty, "console: \(console)")
        let (dom, _) = try Self.run(["--window-size=\(size.0),\(size.1)", "--dump-dom", page.absoluteString])
        #expect(dom.components(separatedBy: "<svg").count - 1 == report.charts.count)
        #expect(dom.contains("<polyline") && dom.contains("<rect"))
        #expect(dom.contains("best uniform "))
    }
}
