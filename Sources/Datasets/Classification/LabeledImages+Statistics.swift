import Foundation

extension LabeledImages {
    /// Mean and standard deviation over every pixel of every image (all channels together, as
    /// the IDX loader normalises gray images): the normalisation of a dataset without published
    /// statistics, computed from its training split. Accumulated in Double so 60,000 images
    /// lose nothing to rounding.
    public func pixelStatistics() -> PixelStatistics {
        var sum = 0.0, sumOfSquares = 0.0
        images.withUnsafeBufferPointer { p in
            for v in p {
                let x = Double(v)
                sum += x
                sumOfSquares += x * x
            }
        }
        let n = Double(max(1, images.count))
        let mean = sum / n
        let std = max(0, sumOfSquares / n - mean * mean).squareRoot()
        return PixelStatistics(mean: Float(mean), std: Float(std))
    }
}
