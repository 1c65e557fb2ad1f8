import Testing
import Datasets
import Tensor

@Suite("Classification mini-batches")
struct ClassificationBatchesTests {
    /// n images of 1×2×3 whose pixels encode (image, position) so moves are traceable.
    func sample(_ n: Int) -> LabeledImages {
        let scalars: [Float] = (0..<(n * 6)).map { (k: Int) -> Float in Float(k / 6 * 100 + k % 6 + 1) }
        return LabeledImages(images: Tensor(shape: [n, 2, 3, 1], scalars: scalars),
                             labels: (0..<n).map { Int32($0 % 4) }, classCount: 4)
    }

    @Test("same seed and epoch give the same batches; another epoch reshuffles")
    func determinism() {
        let data = sample(50)
        let aug = ClassificationBatches.Augmentation(padding: 1, horizontalFlip: true)
        let a = Array(ClassificationBatches(data, batchSize: 8, augmentation: aug, seed: 7, epoch: 3))
        let b = Array(ClassificationBatches(data, batchSize: 8, augmentation: aug, seed: 7, epoch: 3))
        let c = Array(ClassificationBatches(data, batchSize: 8, augmentation: aug, seed: 7, epoch: 4))
        #expect(a.map(\.images) == b.map(\.images))
        #expect(a.map(\.labels) == b.map(\.labels))
        #expect(a.map(\.labels) != c.map(\.labels))
    }

    @Test("every sample appears once per epoch; drop last and batch counts")
    func coverage() {
        let data = sample(10)
        let batches = ClassificationBatches(data, batchSize: 4, seed: 1)
        let all = Array(batches)
        #expect(batches.batchCount == 3 && all.count == 3)
        #expect(all.map { $0.images.shape[0] } == [4, 4, 2])
        let firstPixels = all.flatMap { batch in (0..<batch.images.shape[0]).map { batch.images[flat: $0 * 6] } }
        let expected: [Float] = (0..<10).map { (k: Int) -> Float in Float(k * 100 + 1) }
        #expect(firstPixels.sorted() == expected)
        #expect(firstPixels != firstPixels.sorted())
        let dropped = ClassificationBatches(data, batchSize: 4, dropLast: true, seed: 1)
        #expect(dropped.batchCount == 2 && Array(dropped).count == 2)
        let ordered = Array(ClassificationBatches(data, batchSize: 10, shuffle: false))
        #expect(ordered[0].images == data.images && ordered[0].labels == data.labels)
    }

    @Test("padding crops shift the image and fill with the fill value; flips mirror rows")
    func augmentation() {
        let data = sample(200)
        let aug = ClassificationBatches.Augmentation(padding: 1, horizontalFlip: true, fillValue: -9)
        var sawFill = false, sawFlip = false, sawIdentity = false
        for (images, _) in ClassificationBatches(data, batchSize: 200, shuffle: false, augmentation: aug, seed: 3) {
            for b in 0..<200 {
                let px = (0..<6).map { images[flat: b * 6 + $0] }
                let base = Float(b * 100)
                let original: [Float] = (1...6).map { base + Float($0) }
                if px == original { sawIdentity = true }
                if px == [base + 3, base + 2, base + 1, base + 6, base + 5, base + 4] { sawFlip = true }
                if px.contains(-9) { sawFill = true }
                // Every value is either fill or a pixel of the same image.
                #expect(px.allSatisfy { $0 == -9 || ($0 > base && $0 <= base + 6) })
            }
        }
        #expect(sawFill && sawFlip && sawIdentity)
    }
}
