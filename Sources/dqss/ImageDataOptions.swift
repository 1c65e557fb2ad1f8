import ArgumentParser
import Foundation
import Datasets
import NeuralNet
import Tasks

/// Image-folder and tensor data beyond `--data`: a separate calibration set,
/// labels, limits, bad files, preprocessing.
struct ImageDataOptions: ParsableArguments {
    @Option(help: "Calibration (and quantization-aware training) data, when it should not be drawn from --data: an image folder, labelled or flat, or a .npy/.safetensors file.")
    var calibrationData: String?
    @Option(help: "Labels of a .npy --data: a .npy of one integer per input.") var labels: String?
    @Option(help: "Read at most N images of each folder (taken round-robin over classes), or the first N test images.")
    var limit: Int?
    @Flag(help: "Skip images that fail to decode (they are counted and reported) instead of stopping before any work.")
    var skipBadImages: Bool = false
    @OptionGroup var preprocessOptions: PreprocessOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    var isGiven: Bool {
        calibrationData != nil || labels != nil || limit != nil || skipBadImages || preprocessOptions.isGiven
    }
}
