import Foundation
import Testing
import DecoderHarness

/// Every committed fuzzing input (Fuzz/Corpus and Fuzz/Regressions) through its decoder, as
/// the libFuzzer targets run it: a fixed crash stays fixed. A trap fails the whole test run.
@Suite("Fuzzing corpus replay")
struct CorpusReplayTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func files(_ kind: String, _ decoder: FuzzedDecoder) -> [URL] {
        let folder = fuzz.appendingPathComponent(kind).appendingPathComponent(decoder.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test("seed files named valid-* decode and pass every check", arguments: FuzzedDecoder.allCases)
    func seedsDecode(_ decoder: FuzzedDecoder) throws {
        let seeds = Self.files("Corpus", decoder).filter { $0.lastPathComponent.hasPrefix("valid-") }
        #expect(!seeds.isEmpty, "no valid-* seed for \(decoder.rawValue)")
        for url in seeds {
            #expect(throws: Never.self, "\(url.lastPathComponent)") { try decoder.run(try Data(contentsOf: url)) }
        }
    }

    @Test("every regression input is refused with a typed error, not a trap", arguments: FuzzedDecoder.allCases)
    func regressionsRefused(_ decoder: FuzzedDecoder) throws {
        let regressions = Self.files("Regressions", decoder)
        for url in regressions where !url.lastPathComponent.hasPrefix("accepted-") {
            #expect(throws: (any Error).self, "\(url.lastPathComponent) was accepted") { try decoder.run(try Data(contentsOf: url)) }
        }
        // Inputs that once crashed and now have a defined result (e.g. an all-zero tensor).
        for url in regressions where url.lastPathComponent.hasPrefix("accepted-") {
            #expect(throws: Never.self, "\(url.lastPathComponent)") { try decoder.run(try Data(contentsOf: url)) }
        }
    }

    @Test("the rest of the corpus (found by libFuzzer) runs without a trap", arguments: FuzzedDecoder.allCases)
    func corpusRuns(_ decoder: FuzzedDecoder) throws {
        // Refusals are fine here; reaching the end without a trap is the check.
        var decoded = 0
        for url in Self.files("Corpus", decoder) where (try? decoder.run(try Data(contentsOf: url))) != nil { decoded += 1 }
        #expect(decoded >= 1, "no corpus input of \(decoder.rawValue) decodes: the seeds are missing")
    }
}
