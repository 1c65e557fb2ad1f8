import Foundation

/// A run-time problem with the user's input (missing file, wrong model…):
/// printed as one line, exit code 1, no usage text.
struct CLIError: LocalizedError, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
    var errorDescription: String? { message }
}

/// Left-pads or right-pads to a column width (String(format:) cannot pad Swift strings on Linux).
extension String {
    func padded(_ width: Int, right: Bool = false) -> String {
        count >= width ? self : (right ? String(repeating: " ", count: width - count) + self
                                       : self + String(repeating: " ", count: width - count))
    }
}

/// Unbuffered output: the lines of a run under nohup reach its log as they happen.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
