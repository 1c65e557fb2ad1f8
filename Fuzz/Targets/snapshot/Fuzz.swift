import CFuzzer
import Foundation
import DecoderHarness

/// One libFuzzer input through the snapshot decoder; a refusal is fine, a trap is the bug.
@main
enum FuzzTarget {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, count in
            _ = try? FuzzedDecoder.snapshot.run(data.map { Data(bytes: $0, count: count) } ?? Data())
            return 0
        })
    }
}
