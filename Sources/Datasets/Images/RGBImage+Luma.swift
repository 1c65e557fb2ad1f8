extension RGBImage {
    /// ITU-R BT.601 luma as used by MATLAB's `rgb2ycbcr` and the super-resolution
    /// literature: Y = (16 + 65.481 R + 128.553 G + 24.966 B) / 255 for R, G, B
    /// in [0, 1], so Y lies in [16/255, 235/255]. Row-major, width × height.
    public func luma() -> [Float] {
        let n = planeSize
        var y = [Float](repeating: 0, count: n)
        pixels.withUnsafeBufferPointer { p in
            y.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    let v = 16 + 65.481 * p[i] + 128.553 * p[n + i] + 24.966 * p[2 * n + i]
                    out[i] = v / 255
                }
            }
        }
        return y
    }
}
