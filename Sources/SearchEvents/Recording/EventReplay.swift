import Foundation
import Synchronization

/// Plays a recorded event stream as if an engine produced it: steps are paced
/// by their recorded `elapsedSeconds` (divided by `speed`). Pause, resume and
/// stop are honoured like an engine would (stop jumps to the recorded terminal
/// event); other commands are answered with a "replay: ignored …" message.
public final class EventReplay: Sendable {
    public let events: AsyncStream<SearchEvent>
    private let continuation: AsyncStream<SearchEvent>.Continuation
    private let control = Mutex(ReplayControl())
    private let recording: [SearchEvent]
    private let speed: Double
    /// Longest wait between two events, so idle gaps in a recording stay short.
    public static let maximumGap = 1.0

    public init(_ recording: [SearchEvent], speed: Double) {
        precondition(speed > 0, "speed must be positive")
        self.recording = recording
        self.speed = speed
        (events, continuation) = AsyncStream.makeStream(of: SearchEvent.self)
    }

    /// Starts playback on its own task; the stream ends after the last event.
    public func start() {
        Task.detached { [self] in await self.play() }
    }

    /// The command sink for the front end. Never blocks.
    public func send(_ command: SearchCommand) {
        switch command {
        case .pause:
            // Yield under the lock so `.paused` is never followed by a step.
            control.withLock { c in
                if !c.paused { c.paused = true; continuation.yield(.paused) }
            }
        case .resume:
            control.withLock { c in
                if c.paused { c.paused = false; continuation.yield(.resumed) }
            }
        case .stop:
            control.withLock { $0.stopRequested = true; $0.paused = false }
        case .pin(let layer, let pin):
            let parts = [pin.weight.map { "w=\($0)" }, pin.activation.map { "a=\($0)" }].compactMap { $0 }
            continuation.yield(.message("replay: ignored pin layer \(layer) \(parts.joined(separator: " "))"))
        case .unpin(let layer):
            continuation.yield(.message("replay: ignored unpin layer \(layer)"))
        case .snapshot:
            continuation.yield(.message("replay: ignored snapshot"))
        case .evaluate:
            continuation.yield(.message("replay: ignored evaluate"))
        }
    }

    private func play() async {
        var lastElapsed: Double?
        for event in recording {
            switch event {
            case .step(let s):
                if let last = lastElapsed {
                    let gap = min(max(s.elapsedSeconds - last, 0) / speed, Self.maximumGap)
                    if gap > 0 { try? await Task.sleep(for: .seconds(gap)) }
                }
                lastElapsed = s.elapsedSeconds
            case .calibration, .evaluation:
                // No timestamps here: a short pause keeps calibration visible.
                try? await Task.sleep(for: .seconds(min(0.1 / speed, Self.maximumGap)))
            default:
                break
            }
            // Wait while paused; leave early on stop. The check and the yield
            // share the lock with `send(.pause)`.
            var outcome = ReplayControl.Outcome.waiting
            while outcome == .waiting {
                outcome = control.withLock { c in
                    if c.stopRequested { return .stopped }
                    if c.paused { return .waiting }
                    continuation.yield(event)
                    return .delivered
                }
                if outcome == .waiting { try? await Task.sleep(for: .milliseconds(50)) }
            }
            if outcome == .stopped { break }
            if event.isTerminal { continuation.finish(); return }
        }
        if control.withLock({ $0.stopRequested }) {
            continuation.yield(.message("replay: stopped early"))
            if let terminal = recording.last(where: \.isTerminal) {
                continuation.yield(terminal)
            }
        }
        continuation.finish()
    }
}
