import Foundation
import DecoderHarness

/// One libFuzzer input through the snapshot decoder; a refusal is fine, a trap is the bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    _ = try? FuzzedDecoder.snapshot.run(Data(bytes: start, count: count))
    return 0
}
