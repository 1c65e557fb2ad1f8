import Foundation
import NeuralNet
import Search

/// Runs the built `dqss` binary in a folder, its output captured in files (no pipe can fill up).
struct CommandLineRun {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = packageRoot.appendingPathComponent(".build/release/dqss")
    static var built: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    let status: Int32
    let output: String
    let errors: String

    /// `fileSizeLimitKiB` caps every file the process writes (`ulimit -f`, SIGXFSZ ignored): a full disk, simulated.
    /// Waits by polling, so a test never blocks one of the few threads other suites share.
    /// `environment` adds to (or replaces entries of) this process's environment.
    static func dqss(_ arguments: [String], in dir: URL, fileSizeLimitKiB: Int? = nil,
                     environment: [String: String] = [:]) async throws -> CommandLineRun {
        let p = try launch(arguments, in: dir, fileSizeLimitKiB: fileSizeLimitKiB, environment: environment)
        defer { ChildWatchdog.end(p) }
        let deadline = Date().addingTimeInterval(600)
        while p.isRunning {
            guard Date() < deadline else { throw TimedOut(arguments: arguments) }
            try await Task.sleep(for: .milliseconds(50))
        }
        p.waitUntilExit()
        return finished(p, in: dir)
    }

    struct TimedOut: Error { let arguments: [String] }

    /// The caller ends the process on every path: `defer { ChildWatchdog.end(p) }`.
    static func launch(_ arguments: [String], in dir: URL, fileSizeLimitKiB: Int? = nil,
                       environment: [String: String] = [:]) throws -> Process {
        let p = Process()
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let limit = fileSizeLimitKiB {
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", "ulimit -f \(limit); trap '' XFSZ; exec \"$0\" \"$@\"", binary.path] + arguments
        } else {
            p.executableURL = binary
            p.arguments = arguments
        }
        p.currentDirectoryURL = dir
        FileManager.default.createFile(atPath: dir.appendingPathComponent(".stdout").path, contents: nil)
        FileManager.default.createFile(atPath: dir.appendingPathComponent(".stderr").path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: dir.appendingPathComponent(".stdout"))
        p.standardError = try FileHandle(forWritingTo: dir.appendingPathComponent(".stderr"))
        try p.run()
        ChildWatchdog.watch(p)
        return p
    }

    static func finished(_ p: Process, in dir: URL) -> CommandLineRun {
        let read = { (name: String) in (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? "" }
        return CommandLineRun(status: p.terminationStatus, output: read(".stdout"), errors: read(".stderr"))
    }

    /// A fresh folder holding an untrained ResNet-20 checkpoint as model.safetensors.
    static func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let graph = try ModelZoo.entry("resnet20").build(4)
        try SafeTensors.write(graph.parameters, metadata: ["model": "resnet20"], to: dir.appendingPathComponent("model.safetensors"))
        return dir
    }

    /// A short post-training search on the workspace checkpoint.
    static func searchArguments(steps: Int, snapshot: String) -> [String] {
        ["search", "--headless", "--checkpoint", "model.safetensors", "--steps", String(steps), "--calibration", "64",
         "--batch", "16", "--guard-images", "32", "--eval-limit", "50", "--snapshot", snapshot]
    }
}
