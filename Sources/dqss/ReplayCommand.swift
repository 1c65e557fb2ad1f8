import ArgumentParser
import Foundation
import Search
import TerminalUI

/// `dqss replay`: plays a recorded event stream in the terminal UI (or as
/// text lines when stdout is not a terminal).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play a recorded search (JSON Lines of SearchEvent) in the terminal UI."
    )

    @Option(name: .long, help: "The recording: one JSON SearchEvent per line (default: the shipped demo-events.jsonl, a real `make run` search).")
    var events: String?

    @Option(name: .long, help: "Playback speed relative to the recorded step timing.")
    var speed: Double = 1

    @Option(name: .long, help: "Colours: auto, 256, 8 or none (auto honours NO_COLOR).")
    var color: String = "auto"

    @Option(name: .long, help: "Maximum redraws per second.")
    var fps: Int = 20

    func validate() throws {
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number, e.g. 2 for twice as fast.") }
        guard ColorMode(rawValue: color) != nil else { throw ValidationError("--color must be one of auto, 256, 8, none.") }
        guard (1...60).contains(fps) else { throw ValidationError("--fps must be between 1 and 60.") }
    }

    /// The commands for the recorded search's snapshot, as that search would have listed them.
    static func nextCommands(_ recording: [SearchEvent]) -> [String] {
        guard let d = recording.lazy.compactMap({ e -> SearchDescription? in if case .started(let d) = e { d } else { nil } }).first,
              case .finished(let summary)? = recording.last(where: \.isTerminal), let path = summary.snapshotPath,
              let model = try? ModelOptions.parse(["--model", d.model]) else { return [] }
        return NextCommands.after(search: path, model: model, mode: d.mode)
    }

    func run() async throws {
        let events = try self.events ?? AssetLocator.shared.locate("demo-events.jsonl", what: "demo recording",
                                                                   instead: "pass --events FILE (`dqss search --events FILE` writes one)").path
        let recording: [SearchEvent]
        do {
            recording = try EventRecording.load(contentsOf: URL(fileURLWithPath: events))
        } catch {
            // A bad file is not a usage error: say what is wrong without the usage text.
            FileHandle.standardError.write(Data("Error: cannot read --events \(events): \(error.localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
        let replay = EventReplay(recording, speed: speed)
        replay.start()
        guard TerminalUI.isInteractiveTerminal() else {
            // Headless: every event except most steps, one line each.
            var every = 1
            var candidates: (weight: [String], activation: [String]) = ([], [])
            for await event in replay.events {
                if case .started(let d) = event {
                    every = max(1, d.totalSteps / 20)
                    candidates = (d.weightCandidates, d.activationCandidates)
                }
                if case .step(let s) = event, s.step % every != 0 { continue }
                print(EventLine.describe(event, candidates: candidates))
            }
            return
        }
        let options = TerminalOptions(colorMode: ColorMode(rawValue: color) ?? .auto, maxFramesPerSecond: fps,
                                      nextCommands: Self.nextCommands(recording))
        let reason = try await TerminalApp.run(events: replay.events, send: { replay.send($0) }, options: options)
        switch reason {
        case .finished, .userQuit(.some):
            print("replay finished")
        case .userQuit(nil):
            print("replay left before the end")
        case .failed(let message):
            print("replayed search failed: \(message)")
        case .interrupted(let signal):
            print("replay interrupted")
            throw ExitCode(TerminalExitReason.exitCode(signal: signal))
        case .streamEnded:
            print("replay ended without a result")
        }
    }
}
