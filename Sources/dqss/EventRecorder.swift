import Foundation
import Search

/// Writes events as JSON Lines to a file or standard output ("-").
final class EventRecorder {
    private let handle: FileHandle
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    init(path: String) throws {
        if path == "-" {
            handle = .standardOutput
        } else {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let h = FileHandle(forWritingAtPath: path) else {
                throw CLIError("cannot write events to \(path); check the folder exists and is writable")
            }
            handle = h
        }
    }

    func record(_ event: SearchEvent) {
        guard var data = try? encoder.encode(event) else { return }
        data.append(0x0A)
        handle.write(data)
    }
}
