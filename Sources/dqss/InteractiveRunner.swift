import ArgumentParser
import Foundation
import Search
import TerminalUI

/// Drives a search in the terminal UI. Events are teed to the recorder (if
/// any) on their way to the UI; after the UI returns, the rest of the stream
/// is drained so the final snapshot is written before the process exits.
struct InteractiveRunner {
    let session: SearchSession
    let recorder: EventRecorder?
    let options: TerminalOptions

    func run() async throws -> SearchEngine.Outcome {
        let (uiEvents, continuation) = AsyncStream.makeStream(of: SearchEvent.self, bufferingPolicy: .unbounded)
        let recorder = self.recorder.map(SendableRecorder.init)
        let session = self.session
        // The pump folds its own copy of the model so the summary printed after
        // the UI closes is the one the results view drew.
        let pump = Task {
            var model = SearchModel()
            for await event in session.events {
                recorder?.value.record(event)
                model.apply(event)
                continuation.yield(event)
            }
            continuation.finish()
            return model
        }
        let reason = try await TerminalApp.run(events: uiEvents, send: { session.send($0) }, options: options)
        if case .interrupted = reason {
            FileHandle.standardError.write(Data("interrupted: finishing the search and writing the final snapshot…\n".utf8))
        }
        // The UI sent .stop where needed; wait for the engine's terminal event and last snapshot.
        let model = await pump.value
        let outcome = await session.outcome
        switch reason {
        case .finished, .userQuit(.some):
            print(SearchResults(model).lines(nextCommands: options.nextCommands).joined(separator: "\n"))
        case .failed(let message):
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        case .interrupted(let signal):
            throw ExitCode(TerminalExitReason.exitCode(signal: signal))
        case .userQuit(nil), .streamEnded:
            break
        }
        return outcome
    }
}

/// The recorder is used by one task at a time (the pump), never concurrently.
private struct SendableRecorder: @unchecked Sendable {
    let value: EventRecorder
}
