import Foundation
import DecoderHarness

/// One libFuzzer input through the safetensors decoder; a refusal is fine, a trap is the bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    _ = try? FuzzedDecoder.safetensors.run(Data(bytes: start, count: count))
    return 0
}
