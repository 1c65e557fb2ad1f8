import Foundation

/// A path from one folder to a file, as a Markdown link needs it.
enum RelativePath {
    static func from(_ folder: URL, to file: URL) -> String {
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let target = file.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < min(base.count, target.count) && base[common] == target[common] { common += 1 }
        let up = [String](repeating: "..", count: base.count - common)
        return (up + target[common...]).joined(separator: "/")
    }
}
