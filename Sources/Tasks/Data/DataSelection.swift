import Foundation
import Datasets

/// Which data a classification run reads and how its images become inputs,
/// recorded in the run's configuration so `eval`, `export` and `--resume`
/// read the same images the same way.
public struct DataSelection: Codable, Sendable, Equatable {
    /// Evaluation data (and calibration data unless `calibrationData` is set).
    public var data: String
    /// Separate calibration (and training) data, labelled or not.
    public var calibrationData: String?
    /// Labels of a `.npy` input tensor (one integer per input).
    public var labels: String?
    public var preprocessing: ImagePreprocessing
    /// At most this many images per folder (taken round-robin over classes).
    public var limit: Int?
    /// Skip and count images that fail to decode instead of stopping.
    public var skipBadImages: Bool

    public init(data: String, calibrationData: String? = nil, labels: String? = nil, preprocessing: ImagePreprocessing,
                limit: Int? = nil, skipBadImages: Bool = false) {
        self.data = data
        self.calibrationData = calibrationData
        self.labels = labels
        self.preprocessing = preprocessing
        self.limit = limit
        self.skipBadImages = skipBadImages
    }

    /// Paths made absolute, so a recorded run can be evaluated from another folder.
    public var absolute: DataSelection {
        func abs(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.path }
        var out = self
        out.data = abs(data)
        out.calibrationData = calibrationData.map(abs)
        out.labels = labels.map(abs)
        return out
    }

    /// Throws a one-line reason when a recorded selection cannot be used.
    public func validate() throws {
        try preprocessing.validate()
        if let limit, limit < 1 { throw PreprocessingError("--limit \(limit) must be at least 1") }
    }
}
