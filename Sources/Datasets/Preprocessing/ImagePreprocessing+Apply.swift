extension ImagePreprocessing {
    /// Size after the resize step, before the centre crop. A side that would
    /// end up smaller than the crop is scaled up (aspect ratio kept) so the crop fits.
    public func resizedSize(width w: Int, height h: Int) -> (width: Int, height: Int) {
        var size: (width: Int, height: Int)
        switch resize {
        case .exact:
            return (width, height)
        case let .shorterSide(side):
            // torchvision: the longer side is int(side · long / short), truncated.
            size = w <= h ? (side, Int(Double(side) * Double(h) / Double(w))) : (Int(Double(side) * Double(w) / Double(h)), side)
        }
        let grow = max(Double(width) / Double(size.width), Double(height) / Double(size.height))
        if grow > 1 {
            size = (max(width, Int((Double(size.width) * grow).rounded(.up))),
                    max(height, Int((Double(size.height) * grow).rounded(.up))))
        }
        return size
    }

    /// One model input, channels last: [H, W, C] samples.
    public func apply(to image: RGBImage) -> [Float] {
        let size = resizedSize(width: image.width, height: image.height)
        let resized = size == (image.width, image.height) ? image
            : AntialiasedBilinear.resize(image, width: size.width, height: size.height)
        // torchvision's CenterCrop: offsets rounded half to even, as Python's round.
        let top = Int((Double(resized.height - height) / 2).rounded(.toNearestOrEven))
        let left = Int((Double(resized.width - width) / 2).rounded(.toNearestOrEven))
        let crop = resized.cropped(x: left, y: top, width: width, height: height)
        let plane = width * height
        var out = [Float](repeating: 0, count: plane * channels)
        let scale = valueScale.factor
        let inverseStd = std.map { 1 / $0 }
        crop.pixels.withUnsafeBufferPointer { p in
            for i in 0..<plane {
                let r = p[i], g = p[plane + i], b = p[2 * plane + i]
                if channels == 1 {
                    // Gray sources decode as R = G = B; keep them exact.
                    let luma = r == g && g == b ? r : 0.299 * r + 0.587 * g + 0.114 * b
                    out[i] = (luma * scale - mean[0]) * inverseStd[0]
                } else {
                    let ordered = channelOrder == .rgb ? (r, g, b) : (b, g, r)
                    out[3 * i] = (ordered.0 * scale - mean[0]) * inverseStd[0]
                    out[3 * i + 1] = (ordered.1 * scale - mean[1]) * inverseStd[1]
                    out[3 * i + 2] = (ordered.2 * scale - mean[2]) * inverseStd[2]
                }
            }
        }
        return out
    }
}
