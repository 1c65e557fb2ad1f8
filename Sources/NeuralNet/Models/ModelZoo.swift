import Foundation

/// The built-in models, by the names the command line uses.
public enum ModelZoo {
    public enum Task: String, Sendable, Codable {
        case classification, superResolution
    }

    public struct Entry: Sendable {
        public var name: String
        public var task: Task
        public var summary: String
        /// Upscaling factor for super-resolution models, 1 otherwise.
        public var scale: Int
        public var build: @Sendable (_ seed: UInt64) throws -> Graph

        /// Public so imported models (ONNX) can present themselves like built-in ones.
        public init(name: String, task: Task, summary: String, scale: Int,
                    build: @escaping @Sendable (_ seed: UInt64) throws -> Graph) {
            self.name = name
            self.task = task
            self.summary = summary
            self.scale = scale
            self.build = build
        }
    }

    public static let entries: [Entry] = [
        Entry(name: "resnet20", task: .classification,
              summary: "ResNet-20 (CIFAR style) for 28×28×1, 16/32/64 channels", scale: 1,
              build: { try ResNet20.build(seed: $0) }),
        Entry(name: "mobilenetv2", task: .classification,
              summary: "MobileNetV2-style for 28×28×1, widths 16/24/32/64, expansion 6, ReLU6", scale: 1,
              build: { try MobileNetV2.build(seed: $0) }),
        Entry(name: "edsr-x2", task: .superResolution,
              summary: "EDSR-baseline-style ×2, RGB, 32 ch, 8 res blocks (MACs for a 48×48 LR input)", scale: 2,
              build: { try EDSR.build(scale: 2, seed: $0) }),
        Entry(name: "edsr-x4", task: .superResolution,
              summary: "EDSR-baseline-style ×4, RGB, 32 ch, 8 res blocks (MACs for a 48×48 LR input)", scale: 4,
              build: { try EDSR.build(scale: 4, seed: $0) }),
        Entry(name: "srresnet-x4", task: .superResolution,
              summary: "SRResNet-style ×4, RGB, 32 ch, 8 BN+PReLU blocks (MACs for a 48×48 LR input)", scale: 4,
              build: { try SRResNet.build(scale: 4, seed: $0) }),
    ]

    public static var names: [String] { entries.map(\.name) }

    public static func entry(_ name: String) throws -> Entry {
        guard let e = entries.first(where: { $0.name == name.lowercased() }) else {
            throw ModelZooError.unknownModel(name, known: names)
        }
        return e
    }
}

public enum ModelZooError: LocalizedError, Equatable {
    case unknownModel(String, known: [String])
    public var errorDescription: String? {
        switch self {
        case .unknownModel(let n, let known):
            return "unknown model '\(n)'; choose one of: \(known.joined(separator: ", ")) (see `dqss models`)"
        }
    }
}
