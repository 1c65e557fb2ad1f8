import Foundation
import NeuralNet
import Tasks

/// A running search: the engine on its own task, events out on an
/// AsyncStream (unbounded, so the engine never waits on a slow consumer and
/// no terminal event is lost), commands in through a mailbox.
public final class SearchSession: Sendable {
    public typealias Job = @Sendable (CommandMailbox, SearchEngine.Emit) throws -> SearchEngine.Outcome

    public let events: AsyncStream<SearchEvent>
    public let mailbox = CommandMailbox()
    private let worker: Task<SearchEngine.Outcome, Never>

    /// Starts `job` in the background; a thrown error becomes a `.failed` event.
    public init(job: @escaping Job) {
        let (stream, continuation) = AsyncStream.makeStream(of: SearchEvent.self, bufferingPolicy: .unbounded)
        events = stream
        let mailbox = self.mailbox
        worker = Task.detached(priority: .userInitiated) {
            let emit: SearchEngine.Emit = { continuation.yield($0) }
            defer { continuation.finish() }
            do {
                return try job(mailbox, emit)
            } catch {
                emit(.failed(message: error.localizedDescription))
                return .failed(error.localizedDescription)
            }
        }
    }

    /// A post-training search (calibration included).
    public convenience init(config: SearchConfiguration, model: Graph, task: any SearchTask, snapshotURL: URL,
                            resume: SearchSnapshot? = nil, snapshotSchedule: SnapshotSchedule = .never,
                            reconstructionCache: ReconstructionCache? = nil) {
        self.init { mailbox, emit in
            var engine = try SearchEngine(config: config, model: model, task: task, snapshotURL: snapshotURL,
                                          resume: resume, reconstructionCache: reconstructionCache, emit: emit)
            engine.snapshotSchedule = snapshotSchedule
            return engine.run(mailbox: mailbox, emit: emit)
        }
    }

    public func send(_ command: SearchCommand) {
        mailbox.send(command)
    }

    /// Waits for the engine to end.
    public var outcome: SearchEngine.Outcome {
        get async { await worker.value }
    }
}
