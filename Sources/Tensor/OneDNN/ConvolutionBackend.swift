import Foundation

/// Which kernels compute convolutions. oneDNN is the default; the im2col
/// reference (OpenBLAS, NCHW, wrapped in layout conversions) can be chosen
/// with `DQSS_CONV_BACKEND=reference` to compare results or speed.
public enum ConvolutionBackend: String, Sendable {
    case oneDNN = "onednn"
    case reference

    /// The process default, from the environment.
    public static let configured: ConvolutionBackend = {
        guard let value = ProcessInfo.processInfo.environment["DQSS_CONV_BACKEND"]?.lowercased() else { return .oneDNN }
        return ConvolutionBackend(rawValue: value) ?? .oneDNN
    }()

    /// Overrides the default within a task (`$override.withValue(.reference) { … }`),
    /// so a test can run both backends side by side without touching other tasks.
    @TaskLocal public static var override: ConvolutionBackend?

    public static var current: ConvolutionBackend { override ?? configured }
}
