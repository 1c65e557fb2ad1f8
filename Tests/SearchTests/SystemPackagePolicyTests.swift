import Foundation
import Testing
import NeuralNet
import Training

/// The command-line tool never installs system packages: it says what is missing and how to get it
/// (`make` targets and `scripts/install-deps.sh` may install).
@Suite("No package installs from the CLI", .serialized)
struct SystemPackagePolicyTests {
    @Test("no source file starts another program, but the OpenMP restart of dqss itself")
    func sourcesSpawnNothing() throws {
        let sources = CommandLineRun.packageRoot.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        let spawning = ["Process(", "posix_spawn", "execv", "execl", "system(", "popen(", "apt-get install -y", "NSTask"]
        var scanned = 0
        var found: [String] = []
        for case let url as URL in enumerator where ["swift", "c", "h"].contains(url.pathExtension) {
            scanned += 1
            let text = try String(contentsOf: url, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where spawning.contains(where: { line.contains($0) }) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                found.append("\(url.lastPathComponent):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(scanned > 100)
        #expect(found == [#"OpenMPWaitPolicy.swift:19: execv("/proc/self/exe", CommandLine.unsafeArgv)"#], "\(found)")
    }

    @Test("a missing default photo folder is named with its package and how to install it; nothing is run",
          .enabled(if: !FileManager.default.fileExists(atPath: SRTrainingPhotos.defaultFolder),
                   "\(SRTrainingPhotos.defaultFolder) exists here: the missing-folder path cannot be taken"))
    func missingDefaultPhotos() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Package tools that record a call, first on the PATH.
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let marker = dir.appendingPathComponent("installer-ran")
        for tool in ["apt-get", "apt", "sudo", "dpkg"] {
            let url = bin.appendingPathComponent(tool)
            try "#!/bin/sh\necho \(tool) \"$@\" >> '\(marker.path)'\n".write(to: url, atomically: true, encoding: .utf8)
            #expect(chmod(url.path, 0o755) == 0)
        }
        let graph = try ModelZoo.entry("edsr-x2").build(1)
        try SafeTensors.write(graph.parameters, metadata: ["model": "edsr-x2"], to: dir.appendingPathComponent("edsr.safetensors"))
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for arguments in [["train-sr", "--model", "edsr-x2", "--steps", "1", "--out", "run"],
                          ["search", "--headless", "--model", "edsr-x2", "--checkpoint", "edsr.safetensors", "--steps", "1"]] {
            let run = try await CommandLineRun.dqss(arguments, in: dir, environment: ["PATH": path])
            #expect(run.status == 1, "\(arguments[0]): \(run.errors)")
            #expect(run.errors.contains("no training photos at \(SRTrainingPhotos.defaultFolder)"), "\(arguments[0]): \(run.errors)")
            #expect(run.errors.contains("apt-get install \(SRTrainingPhotos.debianPackage)"), "\(arguments[0]): \(run.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker.path),
                "dqss ran a package tool: \((try? String(contentsOf: marker, encoding: .utf8)) ?? "")")
    }
}
