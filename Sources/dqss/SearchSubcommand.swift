import ArgumentParser
import Foundation
import NeuralNet
import Search
import TerminalUI
import Tasks

struct SearchSubcommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the best quantization strategy per layer (post-training), in the TUI or headless.")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var imageData: ImageDataOptions
    @OptionGroup var searchOptions: SearchOptions
    @OptionGroup var qatOptions: QATOptions
    @Option(help: "Final snapshot (JSON); manual snapshots go beside it.") var snapshot: String = "runs/search/snapshot.json"
    @Option(help: "Continue from this snapshot (its configuration, model and weights are used).",
            completion: .file(extensions: ["json"])) var resume: String?
    @Option(help: "Also write every event as JSON Lines to FILE ('-' for standard output).") var events: String?
    @Option(help: "Also write the snapshot every N steps while searching (0 = not by steps).") var snapshotEvery: Int = 0
    @Option(help: "Also write the snapshot every S seconds while searching, so a kill loses at most that much (0 = off).")
    var snapshotEverySeconds: Double = 60
    @Flag(help: "No TUI: a progress bar and a summary table.") var headless: Bool = false
    @Option(help: "TUI colours: auto, 256, 8 or none (auto honours NO_COLOR).") var color: String = "auto"

    func validate() throws {
        guard ColorMode(rawValue: color) != nil else { throw ValidationError("--color must be one of auto, 256, 8, none") }
        if headless == false && events == "-" { throw ValidationError("--events - writes to standard output: use it with --headless") }
        if qatOptions.mode == .ptq && searchOptions.steps == 0 {
            throw ValidationError("--steps must be at least 1: a search of 0 steps would derive from untrained logits")
        }
        if qatOptions.mode == .qat && searchOptions.steps + qatOptions.warmupSteps + qatOptions.fineTuneSteps == 0 {
            throw ValidationError("--warmup-steps, --steps and --fine-tune-steps are all 0: nothing would be trained")
        }
        guard snapshotEvery >= 0, snapshotEverySeconds >= 0, snapshotEverySeconds.isFinite else {
            throw ValidationError("--snapshot-every and --snapshot-every-seconds must be ≥ 0 (0 turns them off)")
        }
    }

    var snapshotSchedule: SnapshotSchedule {
        SnapshotSchedule(everySteps: snapshotEvery > 0 ? snapshotEvery : nil,
                         everySeconds: snapshotEverySeconds > 0 ? snapshotEverySeconds : nil)
    }

    func run() async throws {
        // A resumed search takes its model and weights from the snapshot unless flags name them.
        let resumed = try resume.map { try ModelOptions.loadTrained(following: $0, flags: self.modelOptions) }
        let modelOptions = resumed?.options ?? self.modelOptions
        let (entry, graph) = try resumed.map { ($0.entry, $0.graph) } ?? modelOptions.loadTrained()
        var config = try searchOptions.configuration(model: entry.name)
        try qatOptions.apply(to: &config)
        var resumeSnapshot: SearchSnapshot?
        if let resume {
            let s = try SearchSnapshot.read(from: URL(fileURLWithPath: resume), for: entry.name, graph: graph)
            let recorded = s.configuration.bitChoices ?? BitChoices(s.configuration.bits)
            if let flag = searchOptions.ptq.bits, let bits = BitChoices(flag), bits != recorded {
                throw CLIError("--bits \(flag) does not match \(resume), a \(recorded) search; drop --bits to resume it")
            }
            switch s.configuration.mode {
            case .ptq:
                guard !s.layers.contains(where: { $0.candidates == nil }) else { throw SnapshotError.corrupt(resume) }
            case .qat:
                guard s.sidecar != nil else {
                    throw CLIError("\(resume) is from a quantization-aware search of an older dqss that did not keep the trained weights; start a new search")
                }
            }
            config = s.configuration
            resumeSnapshot = s
        }
        config.source = modelOptions.source
        let (task, data) = try dataOptions.searchTask(for: entry, graph: graph, images: imageData, recorded: config.data,
                                                      calibration: config.calibrationImages, seed: config.seed,
                                                      srDistillation: config.srDistillation ?? .l1)
        config.data = data
        let snapshotURL = URL(fileURLWithPath: snapshot)
        let snapshotFolder = snapshotURL.deletingLastPathComponent()
        // Fail before the search rather than after it when the snapshot cannot have a folder.
        do {
            try FileManager.default.createDirectory(at: snapshotFolder, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot write snapshot \(snapshot): its folder \(snapshotFolder.path) cannot be created (a file is in the way, or no permission); pass another --snapshot")
        }
        // Temporaries left by a killed run beside the snapshot go now, not at the first write.
        AtomicFile.removeStaleTemporaries(in: snapshotFolder)
        let schedule = snapshotSchedule
        let session: SearchSession
        switch config.mode {
        case .ptq:
            session = SearchSession(config: config, model: graph, task: task, snapshotURL: snapshotURL, resume: resumeSnapshot,
                                    snapshotSchedule: schedule, reconstructionCache: searchOptions.ptq.rounding.cache)
        case .qat:
            guard let classification = task as? any TrainableTask else {
                throw CLIError("quantization-aware search is available for classifiers only")
            }
            let finalConfig = config
            let fixed: Strategy? = qatOptions.uniform != nil ? .uniform(layers: PTQCalibration.quantizableLayers(graph).count, weight: 0, activation: 0) : nil
            let resumeFrom = resumeSnapshot.map { ($0, URL(fileURLWithPath: resume!)) }
            session = SearchSession { mailbox, emit in
                var search = try QATSearch(config: finalConfig, model: graph, task: classification, snapshotURL: snapshotURL,
                                           fixed: fixed, resume: resumeFrom)
                search.snapshotSchedule = schedule
                return search.run(mailbox: mailbox, emit: emit)
            }
        }
        let recorder = try events.map { try EventRecorder(path: $0) }
        let next = NextCommands.after(search: snapshot, model: modelOptions, mode: config.mode)
        let outcome: SearchEngine.Outcome
        if !headless && TerminalUI.isInteractiveTerminal() {
            outcome = try await InteractiveRunner(session: session, recorder: recorder,
                                                  options: TerminalOptions(colorMode: ColorMode(rawValue: color) ?? .auto,
                                                                           nextCommands: next)).run()
        } else {
            if !headless { FileHandle.standardError.write(Data("no terminal on standard input/output: running headless\n".utf8)) }
            outcome = try await HeadlessRunner(session: session, recorder: recorder, quietProgress: events == "-",
                                               snapshotPath: snapshot, nextCommands: next).run()
        }
        if let failure = recorder?.failure {
            throw CLIError("the events file is incomplete: \(failure.localizedDescription)")
        }
        switch outcome {
        case .finished, .stopped: break
        case .failed: throw ExitCode.failure
        case .snapshotNotWritten(let path, let reason):
            throw CLIError("the search ended but its result was not saved to \(path): \(reason)")
        }
    }
}
