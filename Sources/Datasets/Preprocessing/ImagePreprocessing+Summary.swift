extension ImagePreprocessing {
    /// One line for logs and exports: what a model's inputs were made of.
    public var summary: String {
        func list(_ v: [Float]) -> String { "[" + v.map { "\($0)" }.joined(separator: ", ") + "]" }
        let resizing: String
        switch resize {
        case let .shorterSide(side): resizing = "shorter side to \(side), centre crop \(height)×\(width)"
        case .exact: resizing = "resize to \(height)×\(width)"
        }
        let colour = channels == 1 ? "gray" : channelOrder.rawValue.uppercased()
        let range = valueScale == .unit ? "[0, 1]" : "[0, 255]"
        return "\(resizing), \(colour), \(range), mean \(list(mean)), std \(list(std))"
    }
}
