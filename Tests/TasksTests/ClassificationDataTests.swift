import Foundation
import Testing
import Tensor
import NeuralNet
import Datasets
import Tasks
import TestSupport

/// Image folders, flat folders and tensors as classification data, and every
/// way such data can fail to fit a model: one-line errors before any work.
@Suite("Classification data")
struct ClassificationDataTests {
    /// A colour classifier of 8×8 images with `classes` outputs.
    static func model(classes: Int = 3, channels: Int = 3) throws -> Graph {
        var b = GraphBuilder(name: "tiny", inputShape: [8, 8, channels], seed: 3)
        try b.add("conv", Conv2DOp(ConvGeometry(inChannels: channels, outChannels: 4, kernel: 3, stride: 1, padding: 1), bias: true))
        try b.add("relu", ReLUOp())
        try b.add("pool", GlobalAvgPoolOp())
        try b.add("fc", LinearOp(inFeatures: 4, outFeatures: classes))
        return b.graph
    }

    static func png(seed: UInt64, side: Int = 8) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        let bytes = (0..<(side * side * 3)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        return [UInt8](TinyPNG.encode(width: side, height: side, channels: 3, bytes: bytes))
    }

    /// DIR/<class>/<k>.png, `perClass` images each.
    static func folder(classes: [String], perClass: Int = 3, flat: Bool = false) throws -> TemporaryFolder {
        let t = try TemporaryFolder()
        for (c, name) in classes.enumerated() {
            if !flat { try FileManager.default.createDirectory(at: t.file(name), withIntermediateDirectories: true) }
            for k in 0..<perClass {
                _ = try t.write(png(seed: UInt64(c * 100 + k)), to: flat ? "\(name)-\(k).png" : "\(name)/\(k).png")
            }
        }
        return t
    }

    static func selection(_ path: String, calibration: String? = nil, channels: Int = 3, side: Int = 8,
                          skipBad: Bool = false) throws -> DataSelection {
        DataSelection(data: path, calibrationData: calibration,
                      preprocessing: try .identity(height: side, width: side, channels: channels), skipBadImages: skipBad)
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return error.localizedDescription }
        return ""
    }

    @Test("a labelled folder gives top-1 on its labels; calibration is a seeded draw of its images")
    func labelledFolder() throws {
        let t = try Self.folder(classes: ["ant", "bee", "cat"])
        defer { t.remove() }
        let model = try Self.model()
        let task = try ClassificationData.task(try Self.selection(t.url.path), model: model, calibrationCount: 4, seed: 1)
        #expect(task.metricName == "top-1")
        #expect(task.test.labels == [0, 0, 0, 1, 1, 1, 2, 2, 2])
        #expect(task.calibrationInputs.shape == [4, 8, 8, 3])
        let again = try ClassificationData.task(try Self.selection(t.url.path), model: model, calibrationCount: 4, seed: 1)
        #expect(again.calibrationInputs == task.calibrationInputs)
        let other = try ClassificationData.task(try Self.selection(t.url.path), model: model, calibrationCount: 4, seed: 2)
        #expect(other.calibrationInputs != task.calibrationInputs)
    }

    @Test("a flat folder is scored as agreement with the float model, which agrees with itself")
    func unlabelledFolderIsAgreement() throws {
        let t = try Self.folder(classes: ["x", "y"], perClass: 4, flat: true)
        defer { t.remove() }
        let model = try Self.model()
        let task = try ClassificationData.task(try Self.selection(t.url.path), model: model, calibrationCount: 8, seed: 0)
        #expect(task.metricName == "top-1 agreement")
        #expect(task.test.count == 8)
        #expect(task.evaluate(model, limit: 0) == 100)
        // A model that always answers another class than the float model's first answer disagrees there.
        var other = model
        let wrong = (Int(task.test.labels[0]) + 1) % 3
        other.parameters["fc.bias"]![flat: wrong] += 1000
        #expect(task.evaluate(other, limit: 0) < 100)
    }

    @Test("an undecodable file is named before any work, or skipped and counted with skipBadImages")
    func undecodableFile() throws {
        let t = try Self.folder(classes: ["ant", "bee"])
        defer { t.remove() }
        let bad = try t.write(Array(Self.png(seed: 9).prefix(40)), to: "bee/broken.png")
        let model = try Self.model()
        let text = message { _ = try ClassificationData.task(try Self.selection(t.url.path), model: model, calibrationCount: 2, seed: 0) }
        #expect(text.contains(bad) && text.contains("--skip-bad-images"), "\(text)")
        var notes: [String] = []
        let task = try ClassificationData.task(try Self.selection(t.url.path, skipBad: true), model: model,
                                               calibrationCount: 2, seed: 0) { notes.append($0) }
        #expect(task.test.count == 6)
        #expect(notes.contains { $0.contains("skipped 1 image") && $0.contains(bad) }, "\(notes)")
    }

    @Test("an empty folder and a missing path are one-line errors")
    func emptyFolder() throws {
        let t = try TemporaryFolder()
        defer { t.remove() }
        let model = try Self.model()
        let empty = message { _ = try ClassificationData.task(try Self.selection(t.url.path), model: model, calibrationCount: 2, seed: 0) }
        #expect(empty.contains(t.url.path) && empty.contains("no .jpg"), "\(empty)")
        let missing = message {
            _ = try ClassificationData.task(try Self.selection(t.url.path + "/nothing"), model: model, calibrationCount: 2, seed: 0)
        }
        #expect(missing.contains("nothing") && missing.contains("--data"), "\(missing)")
    }

    @Test("calibration and evaluation folders with different classes are refused, naming the difference")
    func differentClasses() throws {
        let eval = try Self.folder(classes: ["ant", "bee"])
        let calib = try Self.folder(classes: ["ant", "wasp"])
        defer { eval.remove(); calib.remove() }
        let text = message {
            _ = try ClassificationData.task(try Self.selection(eval.url.path, calibration: calib.url.path), model: try Self.model(),
                                            calibrationCount: 2, seed: 0)
        }
        #expect(text.contains("wasp") && text.contains("bee") && text.contains(calib.url.path), "\(text)")
        // A flat calibration folder has no classes to disagree.
        let flat = try Self.folder(classes: ["z"], perClass: 3, flat: true)
        defer { flat.remove() }
        let task = try ClassificationData.task(try Self.selection(eval.url.path, calibration: flat.url.path), model: try Self.model(),
                                               calibrationCount: 2, seed: 0)
        #expect(task.calibrationInputs.shape == [2, 8, 8, 3])
    }

    @Test("a preprocessing that does not make the model's input shape is refused, naming both shapes")
    func shapeMismatch() throws {
        let t = try Self.folder(classes: ["ant"])
        defer { t.remove() }
        let text = message {
            _ = try ClassificationData.task(try Self.selection(t.url.path, side: 16), model: try Self.model(), calibrationCount: 2, seed: 0)
        }
        #expect(text.contains("[16, 16, 3]") && text.contains("[8, 8, 3]"), "\(text)")
    }

    @Test("3-channel data or presets for a 1-channel model are refused, naming both channel counts")
    func channelMismatch() throws {
        let gray = try Self.model(channels: 1)
        let preset = message { _ = try PreprocessingChoice(preset: .imagenet).resolve(sampleShape: gray.inputShape) }
        #expect(preset.contains("3-channel") && preset.contains("1 channel"), "\(preset)")
        // The preset with one-channel statistics is a gray ImageNet-style transform.
        let overridden = try PreprocessingChoice(preset: .imagenet, mean: [0.5], std: [0.25]).resolve(sampleShape: [8, 8, 1])
        #expect(overridden.channels == 1 && overridden.resize == .shorterSide(9))
        let t = try TemporaryFolder()
        defer { t.remove() }
        let file = t.file("x.safetensors")
        try SafeTensors.write(["inputs": Tensor(zeros: [2, 3, 8, 8])], to: file)
        let tensors = message {
            _ = try ClassificationData.task(DataSelection(data: file.path, preprocessing: try .identity(height: 8, width: 8, channels: 1)),
                                            model: gray, calibrationCount: 1, seed: 0)
        }
        #expect(tensors.contains("3-channel") && tensors.contains("1 channel"), "\(tensors)")
    }

    @Test("labels beyond the model's outputs are refused: more class folders, or a label tensor's values")
    func labelsOutOfRange() throws {
        let t = try Self.folder(classes: ["a", "b", "c"])
        defer { t.remove() }
        let folder = message {
            _ = try ClassificationData.task(try Self.selection(t.url.path), model: try Self.model(classes: 2), calibrationCount: 2, seed: 0)
        }
        #expect(folder.contains("3 classes") && folder.contains("2 outputs"), "\(folder)")
        let file = t.file("x.safetensors")
        try SafeTensors.write(["inputs": Tensor(zeros: [2, 3, 8, 8]), "labels": Tensor(shape: [2], scalars: [1, 7])], to: file)
        let tensors = message {
            _ = try ClassificationData.task(DataSelection(data: file.path, preprocessing: try .identity(height: 8, width: 8, channels: 3)),
                                            model: try Self.model(classes: 2), calibrationCount: 1, seed: 0)
        }
        #expect(tensors.contains("largest 7") && tensors.contains("2 classes"), "\(tensors)")
    }

    @Test("preprocessed NCHW tensors reach the model channels-last, with their labels")
    func tensorData() throws {
        let t = try TemporaryFolder()
        defer { t.remove() }
        var rng = SeededGenerator(seed: 5)
        let nchw = Tensor.randomUniform([4, 3, 8, 8], low: -1, high: 1, generator: &rng)
        let file = t.file("x.safetensors")
        try SafeTensors.write(["inputs": nchw, "labels": Tensor(shape: [4], scalars: [0, 1, 2, 1])], to: file)
        let task = try ClassificationData.task(DataSelection(data: file.path, preprocessing: try .identity(height: 8, width: 8, channels: 3)),
                                               model: try Self.model(), calibrationCount: 4, seed: 0)
        #expect(task.test.labels == [0, 1, 2, 1])
        #expect(task.test.images == nchw.nchwToNHWC())
        #expect(task.metricName == "top-1")
    }

    @Test("a second load of the same files and preprocessing reads the cache; other files or preprocessing decode again")
    func decodedImagesAreCached() throws {
        let t = try Self.folder(classes: ["ant", "bee"])
        let c = try TemporaryFolder()
        defer { t.remove(); c.remove() }
        let cache = DecodedImageCache(folder: c.url)
        let model = try Self.model()
        var notes: [String] = []
        func load(_ selection: DataSelection) throws -> ClassificationTask {
            notes = []
            return try ClassificationData.task(selection, model: model, calibrationCount: 2, seed: 0, cache: cache) { notes.append($0) }
        }
        let first = try load(try Self.selection(t.url.path))
        #expect(!notes.contains { $0.contains("from the cache") }, "\(notes)")
        let second = try load(try Self.selection(t.url.path))
        #expect(notes.contains { $0.contains("read 6 preprocessed image(s)") }, "\(notes)")
        #expect(second.test.images == first.test.images && second.test.labels == first.test.labels)
        var scaled = try Self.selection(t.url.path)
        scaled.preprocessing.mean = [0.5, 0.5, 0.5]
        _ = try load(scaled)
        #expect(!notes.contains { $0.contains("from the cache") }, "\(notes)")
        _ = try t.write(Self.png(seed: 77), to: "ant/9.png")
        let grown = try load(try Self.selection(t.url.path))
        #expect(!notes.contains { $0.contains("from the cache") } && grown.test.count == 7, "\(notes)")
    }

    @Test("the cache keeps to its size: the least recently used entry goes first, a read counts as a use")
    func cacheEvictsLeastRecentlyUsed() throws {
        let c = try TemporaryFolder()
        defer { c.remove() }
        let images = Tensor(repeating: 0.25, shape: [4, 8, 8, 3])  // 3 KiB of floats per entry
        let entryBytes = images.count * 4
        // Room for two entries and their headers, not three.
        let cache = DecodedImageCache(folder: c.url, capacityBytes: 2 * entryBytes + 1024)
        cache.store("a", images: images, labels: [0, 1, 0, 1], badImages: [])
        cache.store("b", images: images, labels: nil, badImages: [])
        // a is older than b ...
        let fm = FileManager.default
        try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -1000)], ofItemAtPath: c.url.appendingPathComponent("a.safetensors").path)
        try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -500)], ofItemAtPath: c.url.appendingPathComponent("b.safetensors").path)
        // ... until a is read.
        #expect(cache.load("a", sampleShape: [8, 8, 3]) != nil)
        cache.store("c", images: images, labels: nil, badImages: [])
        #expect(cache.load("b", sampleShape: [8, 8, 3]) == nil, "the least recently used entry should be gone")
        #expect(cache.load("a", sampleShape: [8, 8, 3])?.labels == [0, 1, 0, 1])
        #expect(cache.load("c", sampleShape: [8, 8, 3]) != nil)
        // An entry larger than the whole bound is still kept once (the one just written is never evicted).
        let tiny = DecodedImageCache(folder: c.url, capacityBytes: 1)
        tiny.store("d", images: images, labels: nil, badImages: [])
        let left = try fm.contentsOfDirectory(atPath: c.url.path).filter { $0.hasSuffix(".safetensors") }
        #expect(left == ["d.safetensors"], "\(left)")
    }
}
