import Foundation

/// Runs a program and waits for it with posix_spawn/waitpid. Foundation's
/// Process left a tmux client unreaped here, hanging `waitUntilExit`.
enum Subprocess {
    /// Runs `path args…` with stdin and stderr on /dev/null and stdout in
    /// `outputFile` (or /dev/null); returns the exit status.
    @discardableResult
    static func run(_ path: String, _ args: [String], outputFile: String? = nil) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard rc == 0 else { throw CocoaError(.executableLoad, userInfo: ["path": path, "errno": rc]) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

    /// Runs and returns stdout as text.
    static func output(_ path: String, _ args: [String]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dqss-sub-\(getpid())-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try run(path, args, outputFile: file)
        return (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    }
}
