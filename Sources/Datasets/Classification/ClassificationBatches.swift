import Tensor

/// Mini-batches over a `LabeledImages` set for one epoch.
///
/// The order and the augmentation draws depend only on `seed` and `epoch`:
/// iterating twice gives identical batches.
public struct ClassificationBatches: Sequence, Sendable {
    public typealias Element = (images: Tensor, labels: [Int32])

    /// Training-time augmentation applied per sample.
    public struct Augmentation: Sendable, Equatable {
        /// Random crop of the original size from the image padded by this many pixels per side (0 = off).
        public var padding: Int
        /// Mirror left–right with probability ½.
        public var horizontalFlip: Bool
        /// Value of padded pixels. Use −mean/std on normalized images to pad with raw black.
        public var fillValue: Float

        public init(padding: Int = 0, horizontalFlip: Bool = false, fillValue: Float = 0) {
            precondition(padding >= 0, "padding must be non-negative")
            self.padding = padding
            self.horizontalFlip = horizontalFlip
            self.fillValue = fillValue
        }

        public static let none = Augmentation()
        public var isIdentity: Bool { padding == 0 && !horizontalFlip }
    }

    public let data: LabeledImages
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    public let augmentation: Augmentation
    public let seed: UInt64
    public let epoch: Int

    public init(_ data: LabeledImages, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false,
                augmentation: Augmentation = .none, seed: UInt64 = 0, epoch: Int = 0) {
        precondition(batchSize > 0, "batch size must be positive")
        self.data = data
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.augmentation = augmentation
        self.seed = seed
        self.epoch = epoch
    }

    /// Number of batches this sequence yields.
    public var batchCount: Int {
        dropLast ? data.count / batchSize : (data.count + batchSize - 1) / batchSize
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    public struct Iterator: IteratorProtocol {
        private let source: ClassificationBatches
        private var order: [Int]
        private var position = 0
        private var generator: SeededGenerator

        init(_ source: ClassificationBatches) {
            self.source = source
            // Distinct, well-mixed stream per (seed, epoch).
            generator = SeededGenerator(seed: source.seed ^ (UInt64(truncatingIfNeeded: source.epoch) &* 0x9E37_79B9_7F4A_7C15))
            order = Array(0..<source.data.count)
            if source.shuffle {
                for i in stride(from: order.count - 1, to: 0, by: -1) {
                    order.swapAt(i, generator.nextInt(below: i + 1))
                }
            }
        }

        public mutating func next() -> Element? {
            let remaining = order.count - position
            let size = Swift.min(source.batchSize, remaining)
            if size == 0 || (source.dropLast && size < source.batchSize) { return nil }
            let shape = source.data.imageShape
            let (h, w, c) = (shape[0], shape[1], shape[2])
            let per = c * h * w
            var out = [Float](repeating: 0, count: size * per)
            var labels = [Int32](repeating: 0, count: size)
            let aug = source.augmentation
            source.data.images.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    for b in 0..<size {
                        let index = order[position + b]
                        labels[b] = source.data.labels[index]
                        let from = index * per, to = b * per
                        if aug.isIdentity {
                            for k in 0..<per { dst[to + k] = src[from + k] }
                            continue
                        }
                        let p = aug.padding
                        let dy = p > 0 ? generator.nextInt(below: 2 * p + 1) - p : 0
                        let dx = p > 0 ? generator.nextInt(below: 2 * p + 1) - p : 0
                        let flip = aug.horizontalFlip && generator.next() & 1 == 1
                        for i in 0..<h {
                            let si = i + dy
                            for j in 0..<w {
                                let jj = flip ? w - 1 - j : j
                                let sj = jj + dx
                                let inside = si >= 0 && si < h && sj >= 0 && sj < w
                                for ch in 0..<c {
                                    dst[to + (i * w + j) * c + ch] = inside ? src[from + (si * w + sj) * c + ch] : aug.fillValue
                                }
                            }
                        }
                    }
                }
            }
            position += size
            return (Tensor(shape: [size] + shape, scalars: out), labels)
        }
    }
}
