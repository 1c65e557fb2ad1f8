import ArgumentParser
import Foundation
import Tensor
import NeuralNet
import Quantization

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Show the range each calibrator chooses for a tensor read from a .npy or safetensors file.")

    @Option(help: "A .npy file, or a .safetensors file (then --name picks the tensor).") var tensor: String
    @Option(help: "Tensor name inside a safetensors file.") var name: String?
    @Option(help: "Calibrators, comma-separated, or 'all'.") var method: String = "all"
    @Option(help: "Bit-width (2…8).") var bits: Int = 4
    @Option(help: "Per-channel along this axis (default: per tensor).") var perChannel: Int?
    @Flag(help: "Unsigned grid [0, 2^b − 1] (post-ReLU data); default: signed symmetric.") var unsigned: Bool = false
    @Flag(help: "Signed affine grid with a zero point instead of symmetric.") var affine: Bool = false

    func validate() throws {
        guard (2...8).contains(bits) else { throw ValidationError("--bits must be 2…8") }
        if method != "all" { _ = try PTQOptions.methods(method, "--method") }
    }

    func run() throws {
        let x = try load()
        if let axis = perChannel, !(0..<x.rank).contains(axis) {
            throw CLIError("--per-channel \(axis) is outside the tensor's \(x.rank) axes (shape \(x.shape))")
        }
        try CalibrationInput.check(x, source: tensor)
        let granularity: QuantGranularity = perChannel.map { .perChannel(axis: $0) } ?? .perTensor
        let spec = QuantSpec(bits: bits, signed: !unsigned, symmetric: !affine, granularity: granularity)
        var statistics = CalibrationStatistics(granularity: granularity)
        statistics.observe(x)
        let methods = method == "all" ? PTQMethod.allCases : try PTQOptions.methods(method, "--method")
        print("tensor \(x.shape), \(bits) bits, \(unsigned ? "unsigned" : "signed") \(affine ? "affine" : "symmetric"), "
              + (perChannel.map { "per channel (axis \($0))" } ?? "per tensor")
              + String(format: "; observed [%.6g, %.6g]", x.scalars.min() ?? 0, x.scalars.max() ?? 0))
        print("method".padded(12) + "channel".padded(9) + "scale".padded(14, right: true) + "zero".padded(7, right: true)
              + "clip low".padded(14, right: true) + "clip high".padded(14, right: true))
        for m in methods {
            let p = m.params(from: statistics, spec: spec)
            let shown = p.channelCount <= 8 ? Array(0..<p.channelCount) : [0, 1, 2, p.channelCount - 1]
            for c in shown {
                print(m.rawValue.padded(12) + (p.channelCount == 1 ? "-" : String(c)).padded(9)
                      + String(format: "%.6g", p.scales[c]).padded(14, right: true) + String(p.zeroPoints[c]).padded(7, right: true)
                      + String(format: "%.6g", p.clipLow[c]).padded(14, right: true)
                      + String(format: "%.6g", p.clipHigh[c]).padded(14, right: true))
            }
            if shown.count < p.channelCount { print("".padded(12) + "(\(p.channelCount - 4) more channels)") }
        }
    }

    func load() throws -> Tensor {
        let url = URL(fileURLWithPath: tensor)
        guard FileManager.default.fileExists(atPath: tensor) else { throw CLIError("no file at \(tensor)") }
        if tensor.hasSuffix(".npy") { return try NPY.read(url) }
        let (tensors, _) = try SafeTensors.read(url)
        if let name {
            guard let t = tensors[name] else {
                throw CLIError("\(tensor) has no tensor '\(name)'; it has: \(tensors.keys.sorted().prefix(20).joined(separator: ", "))")
            }
            return t
        }
        guard tensors.count == 1, let only = tensors.values.first else {
            throw CLIError("\(tensor) holds \(tensors.count) tensors; pick one with --name (e.g. \(tensors.keys.sorted().first ?? ""))")
        }
        return only
    }
}
