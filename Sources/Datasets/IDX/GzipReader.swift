import CZlib

/// Sequential reads through zlib's gzFile (transparently reads plain files).
///
/// Memory grows with the bytes actually present, so a header that lies about
/// the size cannot force a huge allocation.
struct GzipReader {
    let file: gzFile
    let path: String

    /// Up to `count` bytes; fewer only at end of file.
    mutating func read(_ count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(count, 1 << 26))
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: min(chunk, max(count, 1)))
        while out.count < count {
            let want = min(buffer.count, count - out.count)
            let got = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(want)) }
            if got < 0 { throw IDXError.readFailed(path: path, reason: errorMessage()) }
            if got == 0 { break }
            out.append(contentsOf: buffer[0..<Int(got)])
        }
        var code: Int32 = 0
        let message = gzerror(file, &code)
        if code != Z_OK && code != Z_STREAM_END {
            throw IDXError.readFailed(path: path, reason: message.map { String(cString: $0) } ?? "zlib error \(code)")
        }
        return out
    }

    private func errorMessage() -> String {
        var code: Int32 = 0
        guard let message = gzerror(file, &code) else { return "zlib error \(code)" }
        return String(cString: message)
    }
}
