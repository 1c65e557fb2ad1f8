import Foundation
import Search

/// The commands that use a search's snapshot, with the person's model flags
/// and the real paths filled in (printed after a search and shown in the TUI).
enum NextCommands {
    static func after(search snapshot: String, model: ModelOptions, mode: SearchMode) -> [String] {
        var flags = "--model \(quoted(model.model))"
        if let checkpoint = model.checkpoint { flags += " --checkpoint \(quoted(checkpoint))" }
        let stem = snapshot.hasSuffix(".json") ? String(snapshot.dropLast(".json".count)) : snapshot
        let eval = "dqss eval \(flags) --strategy \(quoted(snapshot))"
        let report = "dqss report \(quoted(snapshot)) -o \(quoted(stem + ".html"))"
        // The QDQ export reads post-training candidates; a quantization-aware snapshot is evaluated from its sidecar.
        guard mode == .ptq else { return [eval, report] }
        return [
            eval,
            "dqss export \(flags) --strategy \(quoted(snapshot)) --format onnx-qdq -o \(quoted(stem + ".onnx"))",
            report,
        ]
    }

    /// Single quotes around anything a shell would split or expand.
    static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:+@%".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
