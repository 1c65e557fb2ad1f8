import Datasets

/// A preset with any of its fields replaced, made concrete for a model's
/// input shape by `resolve`.
public struct PreprocessingChoice: Sendable, Equatable {
    public var preset: PreprocessingPreset
    public var resize: ImagePreprocessing.Resize?
    public var channelOrder: ImagePreprocessing.ChannelOrder?
    public var valueScale: ImagePreprocessing.ValueScale?
    public var mean: [Float]?
    public var std: [Float]?

    public init(preset: PreprocessingPreset, resize: ImagePreprocessing.Resize? = nil,
                channelOrder: ImagePreprocessing.ChannelOrder? = nil, valueScale: ImagePreprocessing.ValueScale? = nil,
                mean: [Float]? = nil, std: [Float]? = nil) {
        self.preset = preset
        self.resize = resize
        self.channelOrder = channelOrder
        self.valueScale = valueScale
        self.mean = mean
        self.std = std
    }

    /// The preprocessing that makes inputs of `sampleShape` ([H, W, C], the
    /// model's), or a one-line reason naming both channel counts.
    public func resolve(sampleShape: [Int]) throws -> ImagePreprocessing {
        guard sampleShape.count == 3 else { throw DataSourceError.notClassifier(shape: sampleShape) }
        let (h, w, c) = (sampleShape[0], sampleShape[1], sampleShape[2])
        guard c == 1 || c == 3 else {
            throw PreprocessingError("the model takes \(c)-channel images; image folders give 1 (gray) or 3 (colour): pass preprocessed tensors (.npy) instead")
        }
        var base: ImagePreprocessing
        switch preset {
        case .imagenet:
            base = try .imageNet(height: h, width: w)
        case .none:
            base = try .identity(height: h, width: w, channels: c)
        case .fashionMNIST:
            base = try .fashionMNIST(height: h, width: w)
        }
        if base.channels != c {
            // The preset's statistics are per channel: another channel count needs its own.
            guard let mean, let std, mean.count == c, std.count == c else {
                throw DataSourceError.channelMismatch(source: "--preprocess \(preset.rawValue)", data: base.channels, model: c)
            }
            base.channels = c
            base.mean = mean
            base.std = std
        }
        if let resize { base.resize = resize }
        if let channelOrder { base.channelOrder = channelOrder }
        if let valueScale { base.valueScale = valueScale }
        if let mean { base.mean = mean }
        if let std { base.std = std }
        try base.validate()
        return base
    }
}
