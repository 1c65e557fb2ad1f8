import Foundation

/// Ends a launched `dqss` if the test process dies before it could (a crash elsewhere in the
/// run, or a killed `swift test`): a small shell loop, outside this process, that kills the
/// child once this process is gone and exits by itself once the child is gone.
enum ChildWatchdog {
    /// Watches `child` on behalf of `host` (this process unless a test says otherwise).
    static func watch(_ child: Process, host: pid_t = getpid()) {
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = ["-c", """
            while kill -0 "$2" 2>/dev/null; do
                kill -0 "$1" 2>/dev/null || { kill -9 "$2" 2>/dev/null; exit 0; }
                sleep 1
            done
            """, "dqss-test-watchdog", String(host), String(child.processIdentifier)]
        watchdog.standardInput = FileHandle.nullDevice
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try? watchdog.run()
    }

    /// Kills `child` if it still runs and waits for it: for a `defer` right after the launch,
    /// so no path out of a test (a failed `#require`, a thrown error) leaves it running.
    static func end(_ child: Process) {
        if child.isRunning { kill(child.processIdentifier, SIGKILL) }
        child.waitUntilExit()
    }
}
