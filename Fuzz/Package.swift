// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for dqss's file decoders, in their own package so the main build is
// unaffected: everything here (dqss's libraries included) is compiled with
// AddressSanitizer and libFuzzer's coverage by `make fuzz` (see scripts/fuzz.sh, Fuzz/README.md).
let decoders = ["safetensors", "npy", "idx", "onnx", "snapshot"]

let package = Package(
    name: "dqss-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "dqss", path: "..")],
    targets: [.systemLibrary(name: "CFuzzer", path: "CFuzzer")] + decoders.map { name in
        // SwiftPM links every executable's entry point under its own name
        // (`--defsym main=fuzz_NAME_main`), so libFuzzer's main() is never
        // used: each target's @main hands argv to libFuzzer's driver instead.
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["CFuzzer", .product(name: "DecoderHarness", package: "dqss")],
            path: "Targets/\(name)"
        )
    }
)
