import Foundation
import Tensor

/// MNIST-style datasets: a folder with four IDX files, plain or gzip-compressed.
public enum MNISTFormat {
    /// Where Debian's `dataset-fashion-mnist` installs the files.
    public static let fashionMNISTFolder = "/usr/share/datasets/fashion-mnist"
    public static let fashionMNISTPackage = "dataset-fashion-mnist"

    /// Per-pixel statistics of the Fashion-MNIST training set (values in [0, 1]).
    public static let fashionMNISTMean: Float = 0.2860
    public static let fashionMNISTStd: Float = 0.3530

    public static let fileNames = (
        trainImages: "train-images-idx3-ubyte",
        trainLabels: "train-labels-idx1-ubyte",
        testImages: "t10k-images-idx3-ubyte",
        testLabels: "t10k-labels-idx1-ubyte"
    )

    /// Loads both splits. Images come out as [N, C, H, W] in [0, 1] (C = 1 for
    /// 3-D files, the last axis for 4-D [N, H, W, C] files); `classCount` is one
    /// more than the largest label in either split.
    public static func load(folder: String) throws -> (train: LabeledImages, test: LabeledImages) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            let standard = URL(fileURLWithPath: folder).standardizedFileURL.path
                == URL(fileURLWithPath: fashionMNISTFolder).standardizedFileURL.path
            throw IDXError.missingFolder(path: folder, package: standard ? fashionMNISTPackage : nil)
        }
        let names = fileNames
        let paths = try [names.trainImages, names.trainLabels, names.testImages, names.testLabels]
            .map { try locate($0, in: folder) }
        let (trainImages, trainLabels) = try (loadImages(paths[0]), loadLabels(paths[1]))
        let (testImages, testLabels) = try (loadImages(paths[2]), loadLabels(paths[3]))
        guard trainImages.shape[0] == trainLabels.count else {
            throw IDXError.countMismatch(images: trainImages.shape[0], labels: trainLabels.count)
        }
        guard testImages.shape[0] == testLabels.count else {
            throw IDXError.countMismatch(images: testImages.shape[0], labels: testLabels.count)
        }
        guard trainImages.shape.dropFirst() == testImages.shape.dropFirst() else {
            throw IDXError.unexpectedShape(path: paths[2], expected: "images of shape \(Array(trainImages.shape.dropFirst()))",
                                           found: testImages.shape)
        }
        let classCount = Int(max(trainLabels.max() ?? 0, testLabels.max() ?? 0)) + 1
        return (LabeledImages(images: trainImages, labels: trainLabels, classCount: classCount),
                LabeledImages(images: testImages, labels: testLabels, classCount: classCount))
    }

    /// An IDX image file as [N, C, H, W]; unsigned bytes are scaled to [0, 1],
    /// other types are taken as they are.
    public static func loadImages(_ path: String) throws -> Tensor {
        let array = try IDXArray(contentsOf: path)
        let d = array.dimensions
        guard d.count == 3 || d.count == 4, d.dropFirst().allSatisfy({ $0 > 0 }) else {
            throw IDXError.unexpectedShape(path: path, expected: "[N, H, W] or [N, H, W, C]", found: d)
        }
        var values = array.floats()
        if array.dataType == .uint8 {
            // Division, not multiplication by 1/255, so that 255 maps to exactly 1.
            values.withUnsafeMutableBufferPointer { p in
                for i in 0..<p.count { p[i] /= 255 }
            }
        }
        // IDX stores [N, H, W(, C)] row-major: already channels-last.
        return Tensor(shape: [d[0], d[1], d[2], d.count == 4 ? d[3] : 1], scalars: values)
    }

    /// An IDX label file: a 1-D array of non-negative integers.
    public static func loadLabels(_ path: String) throws -> [Int32] {
        let array = try IDXArray(contentsOf: path)
        guard array.dimensions.count == 1, let values = array.integers() else {
            throw IDXError.unexpectedShape(path: path, expected: "[N] integer labels", found: array.dimensions)
        }
        if let bad = values.firstIndex(where: { $0 < 0 }) {
            throw IDXError.invalidLabel(path: path, index: bad, value: values[bad])
        }
        return values.map { Int32($0) }
    }

    /// The spellings found in the wild for a file called `name` ("train-images-idx3-ubyte"): that
    /// name and the one with a dot before "idx" ("train-images.idx3-ubyte"), each gzipped or not.
    public static func nameVariants(_ name: String) -> [String] {
        let dotted = name.replacingOccurrences(of: "-idx", with: ".idx")
        let names = dotted == name ? [name] : [name, dotted]
        return names.flatMap { [$0 + ".gz", $0] }
    }

    private static func locate(_ name: String, in folder: String) throws -> String {
        let base = URL(fileURLWithPath: folder)
        for candidate in nameVariants(name) {
            let path = base.appendingPathComponent(candidate).path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw IDXError.missingFile(folder: folder, name: name)
    }
}
