extension RGBImage {
    /// The low-resolution input of the SR protocol: the image cropped to a
    /// multiple of `factor`, shrunk by MATLAB-style bicubic, clamped to [0, 1]
    /// (as saturation to uint8 would; no rounding to 1/255 steps).
    public func bicubicDownscaled(by factor: Int) -> RGBImage {
        precondition(factor >= 1, "factor must be at least 1")
        let base = croppedToMultiple(of: factor)
        var small = Bicubic.resize(base, scale: 1 / Double(factor))
        small.clamp()
        return small
    }

    /// Bicubic enlargement by `factor`, clamped to [0, 1]: the classic SR baseline.
    public func bicubicUpscaled(by factor: Int) -> RGBImage {
        precondition(factor >= 1, "factor must be at least 1")
        var large = Bicubic.resize(self, scale: Double(factor))
        large.clamp()
        return large
    }

    mutating func clamp() {
        pixels.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = Swift.min(Swift.max(p[i], 0), 1) }
        }
    }
}
