import Foundation
import Testing
import Datasets
import TestSupport
import Tensor

@Suite("IDX reader and MNIST folders")
struct MNISTFormatTests {
    @Test("Debian's Fashion-MNIST loads with the published sizes and labels")
    func fashionMNIST() throws {
        let (train, test) = try MNISTFormat.load(folder: MNISTFormat.fashionMNISTFolder)
        #expect(train.count == 60_000)
        #expect(test.count == 10_000)
        #expect(train.images.shape == [60_000, 28, 28, 1])
        #expect(test.images.shape == [10_000, 28, 28, 1])
        #expect(train.classCount == 10)
        // First labels of the official files: ankle boot, t-shirt, t-shirt, dress, t-shirt.
        #expect(Array(train.labels.prefix(5)) == [9, 0, 0, 3, 0])
        #expect(Array(test.labels.prefix(5)) == [9, 2, 1, 1, 6])
        #expect(train.images.scalars.min()! >= 0 && train.images.scalars.max()! <= 1)
        #expect(train.images.scalars.max()! == 1)
        for k in 0..<10 { #expect(train.labels.filter { $0 == k }.count == 6000) }
        let mean = train.images.scalars.reduce(0.0) { $0 + Double($1) } / Double(train.images.count)
        #expect(abs(mean - Double(MNISTFormat.fashionMNISTMean)) < 5e-4)
        let variance = train.images.scalars.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
            / Double(train.images.count)
        #expect(abs(variance.squareRoot() - Double(MNISTFormat.fashionMNISTStd)) < 5e-4)
    }

    @Test("plain and gzip IDX files read the same values, big-endian")
    func plainAndTypes() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let plain = try dir.write(idxBytes(type: 0x0B, dimensions: [3], payload: [0x01, 0x02, 0xFF, 0xFE, 0, 7]), to: "a")
        let array = try IDXArray(contentsOf: plain)
        #expect(array.dataType == .int16)
        #expect(array.dimensions == [3])
        #expect(array.floats() == [258, -2, 7])
        let f32 = try dir.write(idxBytes(type: 0x0D, dimensions: [1], payload: [0x3F, 0xC0, 0, 0]), to: "b")
        #expect(try IDXArray(contentsOf: f32).floats() == [1.5])
        #expect(try IDXArray(contentsOf: f32).integers() == nil)
    }

    @Test("a folder of plain IDX files with 4-D RGB images becomes NCHW")
    func smallFolder() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        // 2 images, 1×2 pixels, 3 channels (HWC in the file).
        let pixels: [UInt8] = [0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 255]
        try writeFolder(dir, images: idxBytes(type: 8, dimensions: [2, 1, 2, 3], payload: pixels),
                        labels: idxBytes(type: 8, dimensions: [2], payload: [4, 1]))
        let (train, test) = try MNISTFormat.load(folder: dir.url.path)
        #expect(train.images.shape == [2, 1, 2, 3])
        #expect(train.classCount == 5)
        #expect(test.labels == [4, 1])
        // Image 0, channel 1 holds pixels 51 and 204 (kept channels-last, as in the file).
        #expect(train.images[flat: 1] == 51 / 255 && train.images[flat: 4] == 204 / 255)
        #expect(train.images[flat: 6] == 1)
    }

    @Test("subset and normalized")
    func subsetNormalized() throws {
        let images = Tensor(shape: [3, 1, 2, 1], scalars: [0, 1, 2, 3, 4, 5])
        let set = LabeledImages(images: images, labels: [0, 1, 2], classCount: 3)
        let sub = set.subset(1..<3)
        #expect(sub.count == 2 && sub.labels == [1, 2] && sub.images.scalars == [2, 3, 4, 5])
        #expect(set.normalized(mean: 1, std: 2).images.scalars == [-0.5, 0, 0.5, 1, 1.5, 2])
    }

    @Test("missing default folder names the Debian package; missing file names the file")
    func missing() throws {
        #expect(throws: IDXError.missingFolder(path: "/nonexistent/fm", package: nil)) {
            try MNISTFormat.load(folder: "/nonexistent/fm")
        }
        let message = IDXError.missingFolder(path: MNISTFormat.fashionMNISTFolder, package: "dataset-fashion-mnist")
            .localizedDescription
        #expect(message.contains("apt install dataset-fashion-mnist"))
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        #expect(throws: IDXError.missingFile(folder: dir.url.path, name: "train-images-idx3-ubyte")) {
            try MNISTFormat.load(folder: dir.url.path)
        }
    }

    @Test("corrupt IDX headers and payloads give the matching error")
    func corrupt() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let badMagic = try dir.write([1, 0, 8, 1, 0, 0, 0, 1, 5], to: "magic")
        #expect(throws: IDXError.badMagic(path: badMagic, bytes: [1, 0, 8, 1])) { try IDXArray(contentsOf: badMagic) }
        let badType = try dir.write([0, 0, 7, 1, 0, 0, 0, 1, 5], to: "type")
        #expect(throws: IDXError.unsupportedDataType(path: badType, code: 7)) { try IDXArray(contentsOf: badType) }
        let short = try dir.write(idxBytes(type: 8, dimensions: [10], payload: [1, 2, 3]), to: "short")
        #expect(throws: IDXError.truncated(path: short, expectedBytes: 10, actualBytes: 3)) {
            try IDXArray(contentsOf: short)
        }
        let shortHeader = try dir.write([0, 0, 8, 3, 0, 0], to: "hdr")
        #expect(throws: IDXError.truncated(path: shortHeader, expectedBytes: 12, actualBytes: 2)) {
            try IDXArray(contentsOf: shortHeader)
        }
        let long = try dir.write(idxBytes(type: 8, dimensions: [2], payload: [1, 2, 3]), to: "long")
        #expect(throws: IDXError.trailingData(path: long, expectedBytes: 2)) { try IDXArray(contentsOf: long) }
        // 4 × 2^31 bytes per dimension overflows the cap without allocating.
        let huge = try dir.write(idxBytes(type: 0x0E, dimensions: [0x7FFF_FFFF, 0x7FFF_FFFF], payload: [0]), to: "huge")
        #expect(throws: IDXError.badDimensions(path: huge, dimensions: [0x7FFF_FFFF, 0x7FFF_FFFF])) {
            try IDXArray(contentsOf: huge)
        }
        let scalar = try dir.write([0, 0, 8, 0], to: "rank0")
        #expect(throws: IDXError.badDimensions(path: scalar, dimensions: [])) { try IDXArray(contentsOf: scalar) }
    }

    @Test("a truncated gzip stream is refused")
    func truncatedGzip() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let source = MNISTFormat.fashionMNISTFolder + "/t10k-labels-idx1-ubyte.gz"
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let path = try dir.write(Array(data.prefix(data.count / 2)), to: "cut.gz")
        #expect(throws: IDXError.self) { try IDXArray(contentsOf: path) }
        do {
            _ = try IDXArray(contentsOf: path)
        } catch let error as IDXError {
            switch error {
            case .truncated, .readFailed: break
            default: Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test("image and label counts must agree; labels must have rank 1")
    func countMismatch() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try writeFolder(dir, images: idxBytes(type: 8, dimensions: [2, 1, 1], payload: [0, 0]),
                        labels: idxBytes(type: 8, dimensions: [3], payload: [0, 1, 2]))
        #expect(throws: IDXError.countMismatch(images: 2, labels: 3)) { try MNISTFormat.load(folder: dir.url.path) }
        let labels2D = try dir.write(idxBytes(type: 8, dimensions: [1, 1], payload: [0]), to: "l2")
        #expect(throws: IDXError.unexpectedShape(path: labels2D, expected: "[N] integer labels", found: [1, 1])) {
            try MNISTFormat.loadLabels(labels2D)
        }
        let negative = try dir.write(idxBytes(type: 9, dimensions: [2], payload: [0, 0xFF]), to: "neg")
        #expect(throws: IDXError.invalidLabel(path: negative, index: 1, value: -1)) { try MNISTFormat.loadLabels(negative) }
    }

    private func writeFolder(_ dir: TemporaryFolder, images: [UInt8], labels: [UInt8]) throws {
        let n = MNISTFormat.fileNames
        _ = try dir.write(images, to: n.trainImages)
        _ = try dir.write(labels, to: n.trainLabels)
        _ = try dir.write(images, to: n.testImages)
        _ = try dir.write(labels, to: n.testLabels)
    }
}
