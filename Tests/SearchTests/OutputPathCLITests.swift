import Foundation
import Testing
import NeuralNet
import Search

/// Output paths through the real binary: special files survive, failures are one line and non-zero,
/// periodic snapshots survive kill -9 and their temporaries are cleaned by the next run.
@Suite("Output paths through the binary", .serialized)
struct OutputPathCLITests {
    func kind(_ url: URL) -> mode_t {
        var info = stat()
        return lstat(url.path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    func temporaries(_ dir: URL) -> [String] { AtomicFile.temporaries(in: dir).map(\.lastPathComponent) }

    @Test("export -o a symlink replaces its target; -o a FIFO with a reader keeps the FIFO")
    func exportToSpecialPaths() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("old".utf8).write(to: dir.appendingPathComponent("real.onnx"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.onnx").path, withDestinationPath: "real.onnx")
        let viaLink = try await CommandLineRun.dqss(["export", "--checkpoint", "model.safetensors", "-o", "link.onnx"], in: dir)
        #expect(viaLink.status == 0, "\(viaLink.errors)")
        #expect(kind(dir.appendingPathComponent("link.onnx")) == S_IFLNK)
        let written = try Data(contentsOf: dir.appendingPathComponent("real.onnx"))
        #expect(written.count > 100_000)

        let fifo = dir.appendingPathComponent("pipe.onnx")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // The reader is open before dqss starts (dqss refuses a FIFO nobody reads); it drains until dqss has exited.
        let fd = open(fifo.path, O_RDONLY | O_NONBLOCK)
        #expect(fd >= 0)
        defer { close(fd) }
        let p = try CommandLineRun.launch(["export", "--checkpoint", "model.safetensors", "-o", "pipe.onnx"], in: dir)
        defer { ChildWatchdog.end(p) }
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let running = p.isRunning
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { total += n; continue }
            if !running { break }
            try await Task.sleep(for: .milliseconds(2))
        }
        let viaFIFO = CommandLineRun.finished(p, in: dir)
        #expect(viaFIFO.status == 0, "\(viaFIFO.errors)")
        #expect(total == written.count)
        #expect(kind(fifo) == S_IFIFO)
        #expect(temporaries(dir).isEmpty)
    }

    @Test("export on a full disk: one-line error, exit 1, the old file intact, no temporary")
    func exportFullDisk() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("previous export".utf8).write(to: dir.appendingPathComponent("net.onnx"))
        let run = try await CommandLineRun.dqss(["export", "--checkpoint", "model.safetensors", "-o", "net.onnx"], in: dir,
                                          fileSizeLimitKiB: 64)
        #expect(run.status == 1)
        let lines = run.errors.split(separator: "\n")
        #expect(lines.count == 1, "\(run.errors)")
        #expect(run.errors.contains("/net.onnx: File too large"), "\(run.errors)")
        #expect(try String(contentsOf: dir.appendingPathComponent("net.onnx"), encoding: .utf8) == "previous export")
        #expect(temporaries(dir).isEmpty)
    }

    @Test("a snapshot path under a file is refused before the search, naming the path")
    func snapshotFolderImpossible() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data().write(to: dir.appendingPathComponent("file"))
        let run = try await CommandLineRun.dqss(CommandLineRun.searchArguments(steps: 2, snapshot: "file/snap.json"), in: dir)
        #expect(run.status == 1)
        #expect(run.errors.contains("cannot write snapshot file/snap.json"), "\(run.errors)")
        #expect(!run.errors.contains("phase: searching"))
    }

    @Test("a final snapshot that cannot be written makes search exit 1 naming the path; no temporary stays")
    func finalSnapshotFails() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try await CommandLineRun.dqss(CommandLineRun.searchArguments(steps: 2, snapshot: "out/snap.json"), in: dir,
                                          fileSizeLimitKiB: 16)
        #expect(run.status == 1)
        #expect(run.errors.contains("result was not saved to \(dir.path)/out/snap.json: File too large"), "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/snap.json").path))
        #expect(temporaries(dir.appendingPathComponent("out")).isEmpty)
    }

    @Test("kill -9 keeps the last periodic snapshot; the next run removes the temporaries a kill left")
    func killedSearch() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let snapshot = dir.appendingPathComponent("snap.json")
        let p = try CommandLineRun.launch(CommandLineRun.searchArguments(steps: 100_000, snapshot: "snap.json")
                                          + ["--snapshot-every", "2"], in: dir)
        // A search of 100,000 steps: it must not outlive this test on any path.
        defer { ChildWatchdog.end(p) }
        let deadline = Date().addingTimeInterval(600)
        var seen: SearchSnapshot?
        while Date() < deadline, p.isRunning {
            if let s = try? SearchSnapshot.read(from: snapshot), s.step >= 2 { seen = s; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(p.processIdentifier, SIGKILL)
        while p.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(p.terminationReason == .uncaughtSignal)
        let left = try #require(seen, "no periodic snapshot within 600 s")
        #expect(!left.finished && left.step % 2 == 0)
        let afterKill = try SearchSnapshot.read(from: snapshot)
        #expect(afterKill.step >= left.step)
        // What a kill during a write leaves: a temporary named after the killed process.
        let orphan = dir.appendingPathComponent(".snap.json\(AtomicFile.temporaryMarker)\(p.processIdentifier).5a")
        try Data("partial".utf8).write(to: orphan)
        let next = try await CommandLineRun.dqss(CommandLineRun.searchArguments(steps: 1, snapshot: "snap2.json"), in: dir)
        #expect(next.status == 0, "\(next.errors)")
        #expect(temporaries(dir).isEmpty)
    }
}
