import ArgumentParser
import Foundation
import NeuralNet
import Search
import Report

/// `dqss report`: one self-contained HTML page for a snapshot, or its charts as SVG files.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report of a search snapshot: one self-contained HTML file (inline SVG, opens offline).")

    @Argument(help: "The search snapshot (JSON).") var snapshot: String
    @Option(name: [.customShort("o"), .customLong("output")], help: "HTML file to write (default: the snapshot's name with .html).")
    var output: String?
    @Option(help: "Also write every chart as a separate SVG file into this folder.") var svg: String?
    @Option(help: "An events recording of the same search (`dqss search --events FILE`): adds the probabilities and loss terms over the steps.")
    var events: String?

    func run() throws {
        let url = URL(fileURLWithPath: snapshot)
        let s = try SearchSnapshot.read(from: url)
        var recording: [SearchEvent]?
        if let events {
            do {
                recording = try EventRecording.load(contentsOf: URL(fileURLWithPath: events))
            } catch {
                throw CLIError("cannot read --events \(events): \(error.localizedDescription)")
            }
        }
        let report = SearchReport(snapshot: s, snapshotPath: snapshot, recording: recording)
        let html = output ?? url.deletingPathExtension().appendingPathExtension("html").relativePath
        try write(Data(report.html.utf8), to: URL(fileURLWithPath: html))
        print("wrote \(html)")
        if let svg {
            let folder = URL(fileURLWithPath: svg)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw CLIError("cannot create --svg folder \(svg): \(error.localizedDescription)")
            }
            for (name, chart) in report.charts {
                try write(Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + chart + "\n").utf8),
                          to: folder.appendingPathComponent("\(name).svg"))
            }
            print("wrote \(report.charts.count) charts to \(svg)")
        }
    }

    /// Atomic, so a failed write leaves no half-written page.
    func write(_ data: Data, to url: URL) throws {
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw CLIError("cannot write \(url.relativePath): \(error.localizedDescription); choose a writable folder with -o")
        }
    }
}
