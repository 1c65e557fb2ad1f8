import Foundation
import SearchEvents

/// The interactive front end: shows a running search and lets a person steer it.
public enum TerminalApp {
    /// Runs until the stream ends (after a terminal event) or the user quits; returns the final state.
    ///
    /// One task (this one) owns ncurses. Events, a frame tick and signals are
    /// merged into one stream; keys are polled with `timeout(0)` on every tick,
    /// events are folded in as they come and the screen is redrawn at most
    /// `maxFramesPerSecond` times a second. `send` must not block.
    public static func run(events: AsyncStream<SearchEvent>, send: @escaping @Sendable (SearchCommand) -> Void,
                           options: TerminalOptions) async throws -> TerminalExitReason {
        guard isInteractiveTerminal() else { throw TerminalUIError.notATerminal }

        let (inputs, continuation) = AsyncStream.makeStream(of: LoopInput.self)
        let gate = TickGate()
        let fps = min(max(options.maxFramesPerSecond, 1), 60)
        let forwarder = Task {
            for await event in events { continuation.yield(.event(event)) }
            continuation.yield(.streamEnded)
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(1000 / fps))
                if gate.arm() { continuation.yield(.tick) }
            }
        }
        let signals = SignalForwarder([SIGINT, SIGTERM, SIGHUP]) { continuation.yield(.signal($0)) }
        defer {
            signals.cancel()
            forwarder.cancel()
            ticker.cancel()
            continuation.finish()
        }

        let screen = try CursesScreen(options: options)
        defer { screen.close() }

        var state = ExplorerState()
        state.nextCommands = options.nextCommands
        var streamEnded = false
        var dirty = true
        for await input in inputs {
            switch input {
            case .event(let event):
                state.apply(event)
                dirty = true
                if event.isTerminal && (state.view.quitting || options.exitWhenFinished) {
                    return exitReason(state, streamEnded: false)
                }
            case .streamEnded:
                streamEnded = true
                if !state.model.isOver {
                    state.model.note(.error, "the event stream ended without a result")
                }
                if state.view.quitting || options.exitWhenFinished { return exitReason(state, streamEnded: true) }
                state.model.note(.info, "search over · press q to leave")
                dirty = true
            case .signal(let number):
                if !state.model.isOver && !streamEnded { send(.stop) }
                return .interrupted(signal: number)
            case .tick:
                gate.disarm()
                let (keys, resized) = screen.readInput()
                if resized { dirty = true }
                for key in keys {
                    dirty = true
                    // Once the stream is gone nobody can answer a stop: leave directly.
                    if streamEnded, key == .character("q") || key == .character("Q") {
                        return exitReason(state, streamEnded: true)
                    }
                    for action in KeyReducer.handle(key, state: &state) {
                        switch action {
                        case .send(let command): send(command)
                        case .exit: return exitReason(state, streamEnded: streamEnded)
                        }
                    }
                }
                if dirty {
                    let frame = ScreenRenderer.render(&state, width: screen.width, height: screen.height, theme: screen.theme)
                    screen.present(frame)
                    dirty = false
                }
            }
        }
        // The surrounding task was cancelled.
        return exitReason(state, streamEnded: streamEnded)
    }

    static func exitReason(_ state: ExplorerState, streamEnded: Bool) -> TerminalExitReason {
        if let f = state.model.failure { return .failed(message: f) }
        if state.view.quitting { return .userQuit(state.model.summary) }
        if let s = state.model.summary { return .finished(s) }
        return streamEnded ? .streamEnded : .userQuit(nil)
    }
}
