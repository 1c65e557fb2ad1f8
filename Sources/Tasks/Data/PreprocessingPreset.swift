import Datasets

/// The named starting points of `--preprocess`.
public enum PreprocessingPreset: String, Codable, Sendable, CaseIterable {
    /// torchvision's ImageNet evaluation transform: shorter side to input / 0.875
    /// (256 for 224), centre crop, [0, 1], ImageNet mean/std, RGB.
    case imagenet
    /// Resized straight to the input size, [0, 1], no normalisation.
    case none
    /// Gray, [0, 1], Fashion-MNIST's mean/std: what the built-in classifiers were trained on.
    case fashionMNIST = "fashion-mnist"
}
