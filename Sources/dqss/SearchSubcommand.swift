import ArgumentParser
import Foundation
import NeuralNet
import Search

struct SearchSubcommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the best quantization strategy per layer (post-training), in the TUI or headless.")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var searchOptions: SearchOptions
    @Option(help: "Final snapshot (JSON); manual snapshots go beside it.") var snapshot: String = "runs/search/snapshot.json"
    @Option(help: "Continue from this snapshot (its configuration is used).") var resume: String?
    @Option(help: "Also write every event as JSON Lines to FILE ('-' for standard output).") var events: String?
    @Flag(help: "No TUI: a progress bar and a summary table.") var headless: Bool = false

    func run() async throws {
        let (entry, graph) = try modelOptions.loadTrained()
        var config = try searchOptions.configuration(model: entry.name)
        var resumeSnapshot: SearchSnapshot?
        if let resume {
            let s = try SearchSnapshot.read(from: URL(fileURLWithPath: resume))
            guard s.model == entry.name else {
                throw SnapshotError.otherModel(path: resume, snapshotModel: s.model, model: entry.name)
            }
            config = s.configuration
            resumeSnapshot = s
        }
        let task = try dataOptions.searchTask(for: entry, calibration: config.calibrationImages, seed: config.seed)
        let session = SearchSession(config: config, model: graph, task: task,
                                    snapshotURL: URL(fileURLWithPath: snapshot), resume: resumeSnapshot)
        let recorder = try events.map { try EventRecorder(path: $0) }
        let outcome = try await HeadlessRunner(session: session, recorder: recorder, quietProgress: events == "-", snapshotPath: snapshot).run()
        if case .failed = outcome { throw ExitCode.failure }
    }
}
