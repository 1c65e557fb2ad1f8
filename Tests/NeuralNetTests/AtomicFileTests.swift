import Foundation
import Testing
import NeuralNet
import Synchronization

/// Output paths: regular files replaced atomically, symlinks followed, FIFOs written in place,
/// temporaries never left behind. Special files are made in a temp folder (never the real /dev ones).
@Suite("Output files", .serialized)
struct AtomicFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func kind(_ url: URL) -> mode_t {
        var info = stat()
        return lstat(url.path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test("a regular file is replaced with the new bytes, its mode kept, no temporary left")
    func regularFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.bin")
        try Data("old".utf8).write(to: target)
        chmod(target.path, 0o600)
        try AtomicFile.write(Data("new contents".utf8), to: target)
        #expect(try Data(contentsOf: target) == Data("new contents".utf8))
        var info = stat()
        lstat(target.path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(AtomicFile.temporaries(in: folder).isEmpty)
    }

    @Test("a symlink (absolute or relative) stays a link; its target gets the bytes")
    func symlinkFollowed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("real.json")
        try Data("old".utf8).write(to: real)
        let absolute = folder.appendingPathComponent("absolute.json")
        let relative = folder.appendingPathComponent("relative.json")
        try FileManager.default.createSymbolicLink(atPath: absolute.path, withDestinationPath: real.path)
        try FileManager.default.createSymbolicLink(atPath: relative.path, withDestinationPath: "real.json")
        try AtomicFile.write(Data("one".utf8), to: absolute)
        #expect(kind(absolute) == S_IFLNK)
        #expect(try Data(contentsOf: real) == Data("one".utf8))
        try AtomicFile.write(Data("two".utf8), to: relative)
        #expect(kind(relative) == S_IFLNK)
        #expect(try Data(contentsOf: real) == Data("two".utf8))
        #expect(AtomicFile.temporaries(in: folder).isEmpty)
    }

    @Test("a dangling symlink creates its target")
    func danglingSymlink() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "made-by-write")
        try AtomicFile.write(Data("x".utf8), to: link)
        #expect(kind(link) == S_IFLNK)
        #expect(try Data(contentsOf: folder.appendingPathComponent("made-by-write")) == Data("x".utf8))
    }

    @Test("a symlink loop is refused with a message")
    func symlinkLoop() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b")
        try FileManager.default.createSymbolicLink(atPath: a.path, withDestinationPath: b.path)
        try FileManager.default.createSymbolicLink(atPath: b.path, withDestinationPath: a.path)
        #expect(throws: OutputFileError.symlinkLoop(path: a.path)) { try AtomicFile.write(Data("x".utf8), to: a) }
    }

    @Test("a FIFO with a reader is written in place and stays a FIFO")
    func fifoWithReader() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // The read end is open (non-blocking) before the write, so the writer finds a reader. The
        // payload exceeds a pipe buffer, so the write blocks until drained: the reader has a thread
        // of its own, never one of the few the test pool shares.
        let fd = open(fifo.path, O_RDONLY | O_NONBLOCK)
        try #require(fd >= 0)
        let payload = Data((0..<300_000).map { UInt8($0 % 251) })
        let drained = Mutex<Data?>(nil)
        let reader = Thread {
            var received = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 { received.append(contentsOf: buffer[0..<n]); continue }
                // 0 before any data: the writer has not opened yet; after data: it closed.
                if n == 0 && !received.isEmpty { break }
                usleep(1000)
            }
            // Closing unblocks a writer left waiting (its write then fails with EPIPE: SIGPIPE is ignored here).
            close(fd)
            drained.withLock { $0 = received }
        }
        signal(SIGPIPE, SIG_IGN)
        reader.start()
        try AtomicFile.write(payload, to: fifo)
        while drained.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(5)) }
        #expect(drained.withLock { $0 } == payload)
        #expect(kind(fifo) == S_IFIFO)
        #expect(AtomicFile.temporaries(in: folder).isEmpty)
    }

    @Test("a FIFO without a reader is refused at once, not waited on")
    func fifoWithoutReader() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(throws: OutputFileError.fifoWithoutReader(path: fifo.path)) { try AtomicFile.write(Data("x".utf8), to: fifo) }
        #expect(kind(fifo) == S_IFIFO)
    }

    @Test("a folder is refused; a path under a file fails with one line and leaves no temporary")
    func refused() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let sub = folder.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        #expect(throws: OutputFileError.unsupportedKind(path: sub.path, kind: "folder")) { try AtomicFile.write(Data(), to: sub) }
        let file = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let under = file.appendingPathComponent("out.json")
        do {
            try AtomicFile.write(Data("x".utf8), to: under)
            Issue.record("writing under a regular file succeeded")
        } catch let error as OutputFileError {
            #expect(error.localizedDescription == "cannot write \(under.path): Not a directory")
        }
        #expect(AtomicFile.temporaries(in: folder).isEmpty)
    }

    @Test("stale temporaries of ended processes are removed; a live writer's and unrelated files stay")
    func staleTemporaries() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = folder.appendingPathComponent(".snap.json\(AtomicFile.temporaryMarker)\(ended.processIdentifier).1f")
        let alive = folder.appendingPathComponent(".snap.json\(AtomicFile.temporaryMarker)1.2e") // pid 1 always runs
        let legacy = folder.appendingPathComponent(".snap.json.\(UUID().uuidString).tmp")
        let recentLegacy = folder.appendingPathComponent(".events.\(UUID().uuidString).tmp")
        let unrelated = folder.appendingPathComponent(".hidden.tmp")
        for url in [dead, alive, legacy, recentLegacy, unrelated] { try Data("x".utf8).write(to: url) }
        var old = [timespec(tv_sec: time(nil) - 3600, tv_nsec: 0), timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, legacy.path, &old, 0) == 0)
        #expect(AtomicFile.temporaries(in: folder).count == 4)
        let removed = AtomicFile.removeStaleTemporaries(in: folder)
        #expect(Set(removed.map(\.lastPathComponent)) == [dead.lastPathComponent, legacy.lastPathComponent])
        #expect(Set(AtomicFile.temporaries(in: folder).map(\.lastPathComponent)) == [alive.lastPathComponent, recentLegacy.lastPathComponent])
        #expect(FileManager.default.fileExists(atPath: unrelated.path))
    }

    @Test("a stream follows a symlink; a FIFO without a reader is refused at once")
    func streamingOutput() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("events.jsonl")
        let link = folder.appendingPathComponent("link.jsonl")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)
        let stream = try StreamingOutputFile(path: link.path)
        #expect(stream.write(Data("a\n".utf8)))
        #expect(stream.write(Data("b\n".utf8)))
        #expect(try String(contentsOf: real, encoding: .utf8) == "a\nb\n")
        #expect(kind(link) == S_IFLNK)
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(throws: OutputFileError.fifoWithoutReader(path: fifo.path)) { _ = try StreamingOutputFile(path: fifo.path) }
    }

    @Test("non-finite numbers round-trip through the JSON helpers")
    func nonFiniteJSON() throws {
        let values: [Double] = [1.5, .nan, .infinity, -.infinity]
        let data = try NonFiniteJSON.encoder().encode(values)
        #expect(String(decoding: data, as: UTF8.self) == #"[1.5,"nan","inf","-inf"]"#)
        let back = try NonFiniteJSON.decoder().decode([Double].self, from: data)
        #expect(back[0] == 1.5 && back[1].isNaN && back[2] == .infinity && back[3] == -.infinity)
    }
}
