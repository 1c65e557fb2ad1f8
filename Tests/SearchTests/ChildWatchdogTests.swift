import Foundation
import Testing

/// A launched child never outlives the test process that started it.
@Suite("Child watchdog")
struct ChildWatchdogTests {
    func sleeper() throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sleep")
        p.arguments = ["300"]
        try p.run()
        return p
    }

    func waitUntilEnded(_ p: Process, seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return !p.isRunning
    }

    @Test("the child is killed once its host is gone, and kept while the host lives")
    func hostDeathEndsChild() async throws {
        let host = try sleeper()
        let child = try sleeper()
        defer { ChildWatchdog.end(child); ChildWatchdog.end(host) }
        ChildWatchdog.watch(child, host: host.processIdentifier)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(child.isRunning, "the watchdog killed a child whose host still runs")
        kill(host.processIdentifier, SIGKILL)
        #expect(try await waitUntilEnded(child, seconds: 30), "the child outlived its host")
        #expect(child.terminationReason == .uncaughtSignal)
    }

    @Test("end kills a running child and reaps it")
    func endKills() throws {
        let child = try sleeper()
        ChildWatchdog.end(child)
        #expect(!child.isRunning)
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)
    }
}
