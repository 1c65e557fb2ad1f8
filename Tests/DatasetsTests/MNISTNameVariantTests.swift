import Foundation
import Testing
import Datasets
import TestSupport
import Tensor

@Suite("IDX file names in the wild and dataset statistics")
struct MNISTNameVariantTests {
    func gzip(_ path: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-f", path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    @Test("dashed and dotted names, gzipped or not, load the same folder")
    func spellings() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let pixels: [UInt8] = [0, 51, 102, 153, 204, 255, 255, 0]
        let images = idxBytes(type: 8, dimensions: [2, 2, 2], payload: pixels)
        let labels = idxBytes(type: 8, dimensions: [2], payload: [3, 1])
        try gzip(dir.write(images, to: "train-images.idx3-ubyte"))
        _ = try dir.write(labels, to: "train-labels.idx1-ubyte")
        try gzip(dir.write(images, to: "t10k-images-idx3-ubyte"))
        _ = try dir.write(labels, to: "t10k-labels-idx1-ubyte")
        #expect(FileManager.default.fileExists(atPath: dir.file("train-images.idx3-ubyte.gz").path))
        let (train, test) = try MNISTFormat.load(folder: dir.url.path)
        #expect(train.images.shape == [2, 2, 2, 1] && test.images.shape == [2, 2, 2, 1])
        #expect(train.images.scalars == pixels.map { Float($0) / 255 })
        #expect(train.images.scalars == test.images.scalars)
        #expect(train.labels == [3, 1] && test.labels == [3, 1])
        #expect(MNISTFormat.nameVariants("t10k-labels-idx1-ubyte")
                == ["t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte.gz", "t10k-labels.idx1-ubyte"])
    }

    @Test("a missing file's message names every spelling looked for")
    func missingNamesVariants() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let message = IDXError.missingFile(folder: dir.url.path, name: "train-images-idx3-ubyte").localizedDescription
        #expect(message.contains("train-images-idx3-ubyte.gz, train-images-idx3-ubyte, train-images.idx3-ubyte.gz, train-images.idx3-ubyte"),
                "\(message)")
    }

    @Test("pixel statistics: mean and population standard deviation over every pixel")
    func statistics() {
        let set = LabeledImages(images: Tensor(shape: [2, 1, 2, 1], scalars: [0, 0.5, 0.5, 1]), labels: [0, 1], classCount: 2)
        let s = set.pixelStatistics()
        #expect(s.mean == 0.5)
        #expect(abs(s.std - Float(0.125.squareRoot())) < 1e-7)
        #expect(abs(s.blackValue + 0.5 / Float(0.125.squareRoot())) < 1e-6)
    }

    @Test("Fashion-MNIST's training split gives its published statistics")
    func fashionMNISTStatistics() throws {
        let (train, _) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        let s = train.pixelStatistics()
        #expect(abs(s.mean - MNISTFormat.fashionMNISTMean) < 5e-4)
        #expect(abs(s.std - MNISTFormat.fashionMNISTStd) < 5e-4)
    }
}
