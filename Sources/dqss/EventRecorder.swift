import Foundation
import NeuralNet
import Search

/// Writes events as JSON Lines to a file or standard output ("-"). A path that
/// names a FIFO or a device is written in place; a symlink is followed.
final class EventRecorder {
    private let output: StreamingOutputFile
    /// The same encoding as `EventRecording` (replay reads these files).
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    init(path: String) throws {
        // A reader that goes away (a closed pipe or FIFO) becomes a reported write error, not a killed search.
        signal(SIGPIPE, SIG_IGN)
        if path == "-" {
            output = StreamingOutputFile()
        } else {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            output = try StreamingOutputFile(path: path)
        }
    }

    /// The first write error (disk full, reader gone), if any: later events were not recorded.
    var failure: OutputFileError? { output.failure }

    func record(_ event: SearchEvent) {
        guard output.failure == nil, var data = try? encoder.encode(event) else { return }
        data.append(0x0A)
        if !output.write(data), let failure = output.failure {
            FileHandle.standardError.write(Data("error: events file incomplete, recording stopped: \(failure.localizedDescription)\n".utf8))
        }
    }
}
