import Tensor

/// Images with one class label each.
public struct LabeledImages: Sendable {
    /// [N, H, W, C] (channels last, as the engine computes).
    public var images: Tensor
    public var labels: [Int32]
    public var classCount: Int

    public init(images: Tensor, labels: [Int32], classCount: Int) {
        precondition(images.rank == 4, "LabeledImages needs [N, H, W, C] images, got \(images.shape)")
        precondition(images.shape[0] == labels.count, "\(images.shape[0]) images but \(labels.count) labels")
        precondition(labels.allSatisfy { $0 >= 0 && Int($0) < classCount },
                     "labels must lie in 0..<\(classCount)")
        self.images = images
        self.labels = labels
        self.classCount = classCount
    }

    public var count: Int { labels.count }

    /// Channels, height and width of one image.
    public var imageShape: [Int] { Array(images.shape.dropFirst()) }

    /// The samples at `range` (copied).
    public func subset(_ range: Range<Int>) -> LabeledImages {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "subset \(range) outside 0..<\(count)")
        let per = imageShape.reduce(1, *)
        let scalars = Array(images.scalars[(range.lowerBound * per)..<(range.upperBound * per)])
        return LabeledImages(images: Tensor(shape: [range.count] + imageShape, scalars: scalars),
                             labels: Array(labels[range]), classCount: classCount)
    }

    /// (x − mean) / std for every pixel.
    public func normalized(mean: Float, std: Float) -> LabeledImages {
        precondition(std > 0, "std must be positive")
        var out = self
        let inv = 1 / std
        out.images.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = (p[i] - mean) * inv }
        }
        return out
    }
}
