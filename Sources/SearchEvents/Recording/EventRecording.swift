import Foundation

/// Reading and writing JSON Lines recordings of `SearchEvent`s.
public enum EventRecording {
    public enum Error: Swift.Error, LocalizedError, Equatable {
        case badLine(number: Int, reason: String)
        case empty

        public var errorDescription: String? {
            switch self {
            case .badLine(let n, let reason): return "line \(n) is not a SearchEvent: \(reason)"
            case .empty: return "the recording holds no events"
            }
        }
    }

    public static func decode(_ data: Data) throws -> [SearchEvent] {
        let decoder = JSONDecoder()
        var events: [SearchEvent] = []
        var number = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            do {
                events.append(try decoder.decode(SearchEvent.self, from: Data(line)))
            } catch {
                throw Error.badLine(number: number, reason: String(describing: error).prefix(200).description)
            }
        }
        guard !events.isEmpty else { throw Error.empty }
        return events
    }

    public static func load(contentsOf url: URL) throws -> [SearchEvent] {
        try decode(Data(contentsOf: url))
    }

    /// One compact JSON object per line, keys sorted so recordings diff well.
    public static func encode(_ events: [SearchEvent]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for e in events {
            out.append(try encoder.encode(e))
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}
