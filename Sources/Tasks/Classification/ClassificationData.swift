import Foundation
import Tensor
import NeuralNet
import Datasets

/// Builds the classification task a `DataSelection` describes for a model:
/// the calibration (and QAT training) images and the evaluation set, checked
/// against the model's input shape and number of outputs before any work.
public enum ClassificationData {
    /// `log` hears what was skipped or substituted (one line each); `cache`
    /// keeps decoded folders for the next run.
    public static func task(_ selection: DataSelection, model: Graph, calibrationCount: Int, seed: UInt64,
                            cache: DecodedImageCache? = nil, log: (String) -> Void = { _ in }) throws -> ClassificationTask {
        try selection.validate()
        let sample = model.inputShape
        guard model.outputShape.count == 1, let outputs = model.outputShape.first else {
            throw DataSourceError.notClassifier(shape: model.outputShape)
        }
        try check(selection.preprocessing.sampleShape, model: sample, source: "the preprocessing")
        let source = try DataSource.detect(selection.data)
        if case let .idx(folder) = source, selection.calibrationData == nil {
            return try idxTask(folder: folder, selection: selection, sample: sample, outputs: outputs,
                               calibrationCount: calibrationCount, seed: seed)
        }
        var evaluation = try load(source, selection: selection, sample: sample, outputs: outputs, cache: cache, log: log)
        var calibration: Samples
        let picked = selection.calibrationData != nil
        if let other = selection.calibrationData {
            let calibrationSource = try DataSource.detect(other)
            if let a = evaluation.classes, case .labelledImages = calibrationSource {
                let b = try ImageFolderListing.labelled(other).classes
                if a != b {
                    throw ImageFolderError.differentClasses(calibration: other, evaluation: selection.data,
                                                            onlyCalibration: b.filter { !a.contains($0) },
                                                            onlyEvaluation: a.filter { !b.contains($0) })
                }
            }
            calibration = try load(calibrationSource, selection: selection, sample: sample, outputs: outputs,
                                   pick: (calibrationCount, seed), cache: cache, log: log)
        } else {
            log("calibrating on images of \(selection.data), which is also evaluated: pass --calibration-data for a separate set")
            calibration = evaluation
        }
        // Without labels the float model's own predictions stand in: the metric is then its agreement with them.
        let agreement = evaluation.labels == nil
        if evaluation.labels == nil { evaluation.labels = predictions(of: model, on: evaluation.images) }
        if calibration.labels == nil { calibration.labels = predictions(of: model, on: calibration.images) }
        let classes = max(outputs, 1)
        let test = LabeledImages(images: evaluation.images, labels: evaluation.labels!, classCount: classes)
        let train = LabeledImages(images: calibration.images, labels: calibration.labels!, classCount: classes)
        // A separate calibration source was drawn (seeded) while loading; otherwise draw from the evaluation set now.
        let inputs = picked ? train.images : selectCalibration(train.images, count: calibrationCount, seed: seed)
        return ClassificationTask(calibrationInputs: inputs,
                                  train: train, test: test, metricName: agreement ? "top-1 agreement" : "top-1")
    }

    /// Images with labels when the data has them.
    struct Samples {
        var images: Tensor
        var labels: [Int32]?
        /// Class folder names of a labelled image folder.
        var classes: [String]?
    }

    /// The IDX path: the training split calibrates and trains, the test split evaluates.
    static func idxTask(folder: String, selection: DataSelection, sample: [Int], outputs: Int,
                        calibrationCount: Int, seed: UInt64) throws -> ClassificationTask {
        var (train, test) = try MNISTFormat.load(folder: folder)
        try check(train.imageShape, model: sample, source: folder)
        try LabeledImages.checkLabels(train.labels + test.labels, classes: outputs, source: folder)
        if let limit = selection.limit, limit < test.count { test = test.subset(0..<limit) }
        let p = selection.preprocessing
        train = LabeledImages(images: normalised(train.images, p), labels: train.labels, classCount: outputs)
        test = LabeledImages(images: normalised(test.images, p), labels: test.labels, classCount: outputs)
        return ClassificationTask(train: train, test: test, calibrationCount: calibrationCount, seed: seed)
    }

    /// A source's images (a seeded `pick` of them when given), preprocessed and checked.
    static func load(_ source: DataSource, selection: DataSelection, sample: [Int], outputs: Int,
                     pick: (count: Int, seed: UInt64)? = nil, cache: DecodedImageCache? = nil,
                     log: (String) -> Void) throws -> Samples {
        switch source {
        case let .idx(folder):
            let (train, _) = try MNISTFormat.load(folder: folder)
            try check(train.imageShape, model: sample, source: folder)
            try LabeledImages.checkLabels(train.labels, classes: outputs, source: folder)
            let images = normalised(train.images, selection.preprocessing)
            let rows = pick.map { calibrationOrder(count: train.count, take: $0.count, seed: $0.seed) } ?? Array(0..<train.count)
            return Samples(images: images.rows(rows), labels: rows.map { train.labels[$0] }, classes: nil)
        case let .tensors(file):
            let t = try PreprocessedTensors(file: file, labels: selection.labels)
            try check(Array(t.inputs.shape.dropFirst()), model: sample, source: file)
            if let labels = t.labels { try LabeledImages.checkLabels(labels, classes: outputs, source: file) }
            let n = t.inputs.shape[0]
            var rows = pick.map { calibrationOrder(count: n, take: $0.count, seed: $0.seed) } ?? Array(0..<n)
            if let limit = selection.limit, pick == nil { rows = Array(rows.prefix(limit)) }
            return Samples(images: t.inputs.rows(rows), labels: t.labels.map { l in rows.map { l[$0] } }, classes: nil)
        case let .labelledImages(folder), let .unlabelledImages(folder):
            let labelled: Bool
            if case .labelledImages = source { labelled = true } else { labelled = false }
            var listing = try labelled ? ImageFolderListing.labelled(folder) : ImageFolderListing.unlabelled(folder)
            if labelled && listing.classes.count > outputs {
                throw DataSourceError.labelsBeyondOutputs(source: folder, classes: listing.classes.count, outputs: outputs)
            }
            listing = listing.limited(to: selection.limit)
            if let pick {
                // Only the calibration images are decoded: a large folder costs its listing, not its pixels.
                let rows = calibrationOrder(count: listing.entries.count, take: pick.count, seed: pick.seed)
                listing = ImageFolderListing(folder: listing.folder, classes: listing.classes,
                                             entries: rows.map { listing.entries[$0] }, skippedFiles: listing.skippedFiles)
            }
            let key = DecodedImageCache.key(listing, preprocessing: selection.preprocessing, skipBadImages: selection.skipBadImages)
            let images: Tensor, labels: [Int32]?, bad: [String]
            if let hit = cache?.load(key, sampleShape: selection.preprocessing.sampleShape) {
                (images, labels, bad) = hit
                log("read \(images.shape[0]) preprocessed image(s) of \(folder) from the cache")
            } else {
                let decoded = try ImageFolder(listing: listing, preprocessing: selection.preprocessing,
                                              skipBadImages: selection.skipBadImages)
                (images, labels, bad) = (decoded.images, decoded.labels, decoded.badImages)
                cache?.store(key, images: images, labels: labels, badImages: bad)
            }
            if !bad.isEmpty {
                log("skipped \(bad.count) image(s) of \(folder) that failed to decode (first: \(bad[0]))")
            }
            return Samples(images: images, labels: labels, classes: labelled ? listing.classes : nil)
        }
    }

    /// Refuses data whose per-sample shape is not the model's, naming both.
    static func check(_ shape: [Int], model: [Int], source: String) throws {
        guard shape != model else { return }
        if shape.count == 3, model.count == 3, shape.prefix(2) == model.prefix(2), shape[2] != model[2] {
            throw DataSourceError.channelMismatch(source: source, data: shape[2], model: model[2])
        }
        throw DataSourceError.shapeMismatch(source: source, data: shape, model: model)
    }

    /// The first `take` of a seeded shuffle of 0..<count: the same draw as `ClassificationTask`'s.
    static func calibrationOrder(count: Int, take: Int, seed: UInt64) -> [Int] {
        var rng = SeededGenerator(seed: seed ^ 0xCA11_B4A7)
        var order = Array(0..<count)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        return Array(order.prefix(min(take, count)))
    }

    static func selectCalibration(_ images: Tensor, count: Int, seed: UInt64) -> Tensor {
        images.rows(calibrationOrder(count: images.shape[0], take: count, seed: seed))
    }

    /// (x·scale − mean) / std per channel of [0, 1] images (IDX data; channel order as stored).
    static func normalised(_ images: Tensor, _ p: ImagePreprocessing) -> Tensor {
        var out = images
        let c = images.shape.last ?? 1
        let scale: Float = p.valueScale == .byte ? 255 : 1
        let mean = p.mean, inverse = p.std.map { 1 / $0 }
        out.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count {
                let k = i % c
                x[i] = (x[i] * scale - mean[k]) * inverse[k]
            }
        }
        return out
    }

    /// The float model's top-1 class per image, in batches.
    static func predictions(of model: Graph, on images: Tensor) -> [Int32] {
        let n = images.shape[0]
        var out: [Int32] = []
        out.reserveCapacity(n)
        for lo in stride(from: 0, to: n, by: 256) {
            out += SoftmaxCrossEntropy.argmax(model.forward(images.rows(Array(lo..<min(n, lo + 256)))).output)
        }
        return out
    }
}
