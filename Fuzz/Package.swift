// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for dqss's file decoders, in their own package so the main build is
// unaffected: everything here (dqss's libraries included) is compiled with
// `-sanitize=fuzzer,address` by `make fuzz` (see Fuzz/README.md).
let decoders = ["safetensors", "npy", "idx", "onnx", "snapshot"]

let package = Package(
    name: "dqss-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "dqss", path: "..")],
    targets: decoders.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "DecoderHarness", package: "dqss")],
            path: "Targets/\(name)",
            // libFuzzer supplies main(); the target only defines LLVMFuzzerTestOneInput.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
