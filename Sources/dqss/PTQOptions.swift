import ArgumentParser
import Foundation
import Quantization
import Search

/// Options shared by every post-training quantization command.
struct PTQOptions: ParsableArguments {
    @Option(help: "Bit-widths, e.g. w4a4, w3a3, w4a8 (default: w4a4; a resumed search keeps its snapshot's). Several search them per layer (mixed precision, with --budget): 2,3,4,6,8 for both sides or w2,4,8a4,8.")
    var bits: String?
    @Option(help: "Calibration images drawn from the training split.") var calibration: Int = 1024
    @Flag(name: .customLong("first-last-8bit"), help: "Keep the first and last layers at 8 bits.") var firstLast8bit: Bool = false
    @Flag(help: "Per-tensor instead of per-channel weight quantization.") var perTensorWeights: Bool = false
    @Option(help: "Test images for evaluations (0 = all).") var evalLimit: Int = 0
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @OptionGroup var rounding: LearnedRoundingOptions

    func validate() throws {
        if let bits, BitChoices(bits) == nil {
            throw ValidationError("--bits '\(bits)' is not like w4a4, 4 or w2,4,8a4,8 (bit-widths 2…8 each)")
        }
        guard calibration > 0, evalLimit >= 0 else { throw ValidationError("--calibration must be positive and --eval-limit ≥ 0") }
    }

    /// Every bit-width given per side (default: W4A4).
    var choices: BitChoices { bits.flatMap(BitChoices.init) ?? BitChoices(BitWidths(weight: 4, activation: 4)) }

    /// The one bit-width per side, or the widest of several (mixed precision).
    var bitWidths: BitWidths { choices.single ?? choices.widest }

    /// Several bit-widths on a side: the mixed-precision choices; nil for one per side.
    var mixedChoices: BitChoices? { choices.single == nil ? choices : nil }

    /// Commands that evaluate one fixed strategy take one bit-width per side.
    func requireOneBitWidth() throws {
        guard mixedChoices == nil else {
            throw ValidationError("--bits \(bits ?? "") names several bit-widths: this command takes one per side, like w4a4 (several are for `dqss search --budget`)")
        }
    }

    /// The calibration these options describe, over the given candidate methods.
    func calibration(weights: [WeightMethod], activations: [PTQMethod]) -> PTQCalibration {
        PTQCalibration(weightMethods: weights, activationMethods: activations,
                       policy: BitPolicy(choices: choices, firstAndLastAt8Bits: firstLast8bit), perChannelWeights: !perTensorWeights)
    }

    /// What the output should say about the edge layers.
    var edgeNote: String {
        firstLast8bit ? "first and last layers at 8 bits" : "all layers quantized, first and last included"
    }

    static func methods(_ list: String, _ flag: String) throws -> [PTQMethod] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let methods = names.compactMap(PTQMethod.init(rawValue:))
        guard !names.isEmpty, methods.count == names.count, Set(methods).count == methods.count else {
            throw ValidationError("\(flag) '\(list)': use distinct names from \(PTQMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return methods
    }

    /// Weight candidates: calibrator names, and "adaround(NAME)" for learned rounding on NAME's grid.
    static func weightMethods(_ list: String, _ flag: String) throws -> [WeightMethod] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let methods = names.compactMap(WeightMethod.init(rawValue:))
        guard !names.isEmpty, methods.count == names.count, Set(methods).count == methods.count else {
            throw ValidationError("\(flag) '\(list)': use distinct names from \(allMethodNames), or adaround(NAME) for learned rounding on NAME's range")
        }
        return methods
    }

    static let allMethodNames = PTQMethod.allCases.map(\.rawValue).joined(separator: ",")
}
