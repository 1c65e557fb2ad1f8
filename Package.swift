// swift-tools-version:6.0
import PackageDescription

// Release builds use plain -O: shape preconditions stay on (hot loops use unsafe pointers anyway).
let fast: [SwiftSetting] = []

let package = Package(
    name: "dqss",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dqss", targets: ["dqss"]),
        // For the libFuzzer package in Fuzz/.
        .library(name: "DecoderHarness", targets: ["DecoderHarness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .systemLibrary(name: "CSTBImage", path: "Sources/CSTBImage"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Element-wise kernels in C with run-time ISA dispatch (target_clones), and
        // oneDNN, which picks its kernels (AVX-512, AVX2, ...) at run time: no fixed -march.
        .target(name: "CKernels"),
        .target(name: "CDNNL", linkerSettings: [.linkedLibrary("dnnl")]),
        .target(name: "Tensor", dependencies: ["CBLAS", "CKernels", "CDNNL"], swiftSettings: fast),
        .target(name: "NeuralNet", dependencies: ["Tensor", "CKernels"], swiftSettings: fast),
        .target(name: "Datasets", dependencies: ["Tensor", "CSTBImage", "CZlib"], swiftSettings: fast),
        .target(name: "Training", dependencies: ["Tensor", "NeuralNet", "Datasets"], swiftSettings: fast),
        .target(name: "Quantization", dependencies: ["Tensor", "NeuralNet", "CKernels"], swiftSettings: fast),
        // Events, commands and the folded model front ends draw: no numeric dependencies.
        .target(name: "SearchEvents"),
        // What a search optimises and measures, and the data pipelines behind it; the engines see only its protocols.
        .target(name: "Tasks", dependencies: ["Tensor", "NeuralNet", "Datasets", "Training"], swiftSettings: fast),
        .target(name: "Search", dependencies: ["SearchEvents", "Tensor", "NeuralNet", "Quantization", "Tasks"], swiftSettings: fast),
        .target(name: "ONNX", dependencies: ["Tensor", "NeuralNet", "Search", "Quantization"], swiftSettings: fast),
        .target(name: "DecoderHarness", dependencies: ["Tensor", "NeuralNet", "Datasets", "Quantization", "Search", "ONNX"],
                swiftSettings: fast),
        .target(name: "TerminalUI", dependencies: ["CNCurses", "SearchEvents"], swiftSettings: fast),
        // The HTML/SVG report of a snapshot.
        .target(name: "Report", dependencies: ["SearchEvents", "Search"]),
        .executableTarget(
            name: "dqss",
            dependencies: [
                "Tensor", "NeuralNet", "Datasets", "Training", "Tasks", "Quantization", "SearchEvents", "Search", "TerminalUI", "ONNX", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: fast
        ),
        .target(name: "TestSupport", dependencies: ["Tensor", "NeuralNet"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "CKernels", "TestSupport"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Tensor", "NeuralNet", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "TestSupport"]),
        .testTarget(name: "QuantizationTests", dependencies: ["Quantization", "CKernels", "TestSupport"]),
        .testTarget(name: "SearchEventsTests", dependencies: ["SearchEvents"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Search", "Tasks", "SearchEvents", "Tensor", "NeuralNet", "Datasets", "TestSupport"]),
        .testTarget(name: "TasksTests", dependencies: ["Tasks", "Datasets", "Training", "TestSupport"]),
        .testTarget(name: "SearchTests", dependencies: ["Search", "Tasks", "Datasets", "TestSupport"]),
        .testTarget(name: "ONNXTests", dependencies: ["ONNX", "TestSupport", "Search", "Tasks", "Training"]),
        .testTarget(name: "DecoderHarnessTests", dependencies: ["DecoderHarness"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "SearchEvents", "Search", "Tasks", "Tensor", "Datasets", "NeuralNet", "TestSupport"]),
    ]
)
