/// How decoded images become model inputs, as data so a run can record it:
/// resize, centre crop to the model's input size, channel conversion, value
/// scale, then (x − mean) / std per channel. The order follows torchvision's
/// `Resize → CenterCrop → ToTensor → Normalize`.
public struct ImagePreprocessing: Codable, Sendable, Equatable {
    /// How an image is resized before the centre crop.
    public enum Resize: Codable, Sendable, Equatable {
        /// Shorter side to this many pixels, aspect ratio kept (torchvision `Resize(int)`).
        case shorterSide(Int)
        /// Straight to the crop size, aspect ratio not kept.
        case exact
    }

    public enum ChannelOrder: String, Codable, Sendable, CaseIterable {
        case rgb, bgr
    }

    /// The range decoded samples are mapped to before mean/std.
    public enum ValueScale: String, Codable, Sendable, CaseIterable {
        /// [0, 1], as torchvision's `ToTensor`.
        case unit
        /// [0, 255], as Caffe-style models expect.
        case byte

        var factor: Float { self == .unit ? 1 : 255 }
    }

    public var resize: Resize
    /// Output height and width: the model's input size.
    public var height: Int
    public var width: Int
    /// 1 (luma, ITU-R 601 as PIL's "L") or 3.
    public var channels: Int
    public var channelOrder: ChannelOrder
    public var valueScale: ValueScale
    /// One value per output channel, in output channel order, in units of `valueScale`.
    public var mean: [Float]
    public var std: [Float]

    /// The largest output side accepted (a 4096² RGB sample is 200 MB of floats).
    public static let maximumSide = 4096

    public init(resize: Resize, height: Int, width: Int, channels: Int, channelOrder: ChannelOrder = .rgb,
                valueScale: ValueScale = .unit, mean: [Float], std: [Float]) throws {
        self.resize = resize
        self.height = height
        self.width = width
        self.channels = channels
        self.channelOrder = channelOrder
        self.valueScale = valueScale
        self.mean = mean
        self.std = std
        try validate()
    }

    /// Throws a one-line reason when the fields cannot describe a preprocessing
    /// (also for values decoded from a file).
    public func validate() throws {
        func fail(_ reason: String) -> PreprocessingError { PreprocessingError(reason) }
        guard (1...Self.maximumSide).contains(height), (1...Self.maximumSide).contains(width) else {
            throw fail("output size \(height)×\(width) must lie in 1…\(Self.maximumSide) per side")
        }
        if case let .shorterSide(side) = resize, !(1...Self.maximumSide).contains(side) {
            throw fail("resize side \(side) must lie in 1…\(Self.maximumSide)")
        }
        guard channels == 1 || channels == 3 else { throw fail("\(channels) channels: only 1 (gray) or 3 (colour) are supported") }
        guard mean.count == channels, std.count == channels else {
            throw fail("mean and std need \(channels) value(s) each, got \(mean.count) and \(std.count)")
        }
        guard mean.allSatisfy(\.isFinite), std.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw fail("mean must be finite and std finite and positive, got mean \(mean), std \(std)")
        }
    }

    /// Per-sample shape of the output, channels last: [H, W, C].
    public var sampleShape: [Int] { [height, width, channels] }
}

extension ImagePreprocessing {
    public static let imageNetMean: [Float] = [0.485, 0.456, 0.406]
    public static let imageNetStd: [Float] = [0.229, 0.224, 0.225]

    /// torchvision's ImageNet evaluation transform: shorter side to crop / 0.875
    /// (256 for a 224 crop), centre crop, [0, 1], ImageNet mean/std, RGB.
    public static func imageNet(height: Int, width: Int) throws -> ImagePreprocessing {
        let side = Int((Double(max(height, width)) / 0.875).rounded(.down))
        return try ImagePreprocessing(resize: .shorterSide(side), height: height, width: width, channels: 3,
                                      mean: imageNetMean, std: imageNetStd)
    }

    /// Fashion-MNIST as the IDX loader normalises it: gray, [0, 1], mean 0.2860, std 0.3530;
    /// images of another size are resized to it.
    public static func fashionMNIST(height: Int = 28, width: Int = 28) throws -> ImagePreprocessing {
        try ImagePreprocessing(resize: .exact, height: height, width: width, channels: 1,
                               mean: [MNISTFormat.fashionMNISTMean], std: [MNISTFormat.fashionMNISTStd])
    }

    /// No normalisation: resized to the model's size, [0, 1], RGB (or luma for 1 channel).
    public static func identity(height: Int, width: Int, channels: Int) throws -> ImagePreprocessing {
        try ImagePreprocessing(resize: .exact, height: height, width: width, channels: channels,
                               mean: [Float](repeating: 0, count: channels), std: [Float](repeating: 1, count: channels))
    }
}
