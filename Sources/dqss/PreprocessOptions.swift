import ArgumentParser
import Datasets
import Tasks

/// How images become model inputs: a preset and any field replaced.
struct PreprocessOptions: ParsableArguments {
    @Option(help: "Preprocessing of image folders: imagenet (shorter side to input/0.875, centre crop, ImageNet mean/std, RGB), none (resized to the input, [0, 1]) or fashion-mnist (gray, Fashion-MNIST mean/std). Default: fashion-mnist for 1-channel models, none for 3-channel ones, or what a snapshot recorded.")
    var preprocess: PreprocessingPreset?
    @Option(help: "Resize before the centre crop: the shorter side in pixels, or 'exact' (straight to the input size).")
    var resize: ResizeArgument?
    @Option(help: "Per-channel mean to subtract, comma-separated, in units of --value-scale (e.g. 0.485,0.456,0.406).")
    var mean: FloatList?
    @Option(help: "Per-channel standard deviation to divide by, comma-separated.") var std: FloatList?
    @Option(help: "Channel order of the model's input: rgb or bgr.") var channelOrder: ImagePreprocessing.ChannelOrder?
    @Option(help: "Pixel values before mean/std: unit ([0, 1]) or byte ([0, 255]).") var valueScale: ImagePreprocessing.ValueScale?

    var isGiven: Bool {
        preprocess != nil || resize != nil || mean != nil || std != nil || channelOrder != nil || valueScale != nil
    }

    func validate() throws {
        if let m = mean, m.values.isEmpty { throw ValidationError("--mean needs one value per channel") }
        if let s = std, s.values.contains(where: { !($0 > 0) }) { throw ValidationError("--std values must be positive") }
    }

    /// The preprocessing for a model taking [H, W, C] inputs.
    func resolve(sampleShape: [Int]) throws -> ImagePreprocessing {
        let preset = preprocess ?? Self.defaultPreset(for: sampleShape)
        return try PreprocessingChoice(preset: preset, resize: resize?.value, channelOrder: channelOrder, valueScale: valueScale,
                                       mean: mean?.values, std: std?.values).resolve(sampleShape: sampleShape)
    }

    /// Fashion-MNIST's statistics for gray models (the built-in ones were trained on them), none for colour ones.
    static func defaultPreset(for sampleShape: [Int]) -> PreprocessingPreset {
        (sampleShape.last ?? 1) == 1 ? .fashionMNIST : .none
    }
}

extension PreprocessingPreset: ExpressibleByArgument {}
extension ImagePreprocessing.ChannelOrder: ExpressibleByArgument {}
extension ImagePreprocessing.ValueScale: ExpressibleByArgument {}

/// `--resize 256` or `--resize exact`.
struct ResizeArgument: ExpressibleByArgument {
    let value: ImagePreprocessing.Resize

    init?(argument: String) {
        if argument.lowercased() == "exact" {
            value = .exact
        } else if let side = Int(argument), side > 0 {
            value = .shorterSide(side)
        } else {
            return nil
        }
    }
}

/// Comma-separated numbers.
struct FloatList: ExpressibleByArgument {
    let values: [Float]

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0?.isFinite == true }) else { return nil }
        values = parts.map { $0! }
    }
}
