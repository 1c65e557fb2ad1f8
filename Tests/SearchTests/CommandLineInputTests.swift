import Foundation
import Testing
import NeuralNet
import Search
import Training

/// Odd input through the binary: each is refused with a line saying what to do, never a hang or a trap.
@Suite("Odd command-line input", .serialized)
struct CommandLineInputTests {
    /// An IDX file: magic, dimensions (big-endian), payload.
    func idx(type: UInt8, dimensions: [Int], payload: [UInt8]) -> Data {
        var out: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
        for d in dimensions { out += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)] }
        return Data(out + payload)
    }

    /// A four-file MNIST-format folder of 28×28 images (one per label, both splits) with the given labels.
    func dataFolder(in dir: URL, labels: Data, images count: Int = 4) throws -> URL {
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let images = idx(type: 0x08, dimensions: [count, 28, 28], payload: (0..<count * 28 * 28).map { UInt8(($0 * 37) % 256) })
        try images.write(to: data.appendingPathComponent("train-images-idx3-ubyte"))
        try images.write(to: data.appendingPathComponent("t10k-images-idx3-ubyte"))
        try labels.write(to: data.appendingPathComponent("train-labels-idx1-ubyte"))
        try labels.write(to: data.appendingPathComponent("t10k-labels-idx1-ubyte"))
        return data
    }

    /// A binary PPM (stb_image sniffs the format, so the name may say .png) of a flat grey photo.
    func photo(width: Int, height: Int) -> Data {
        Data("P6\n\(width) \(height)\n255\n".utf8) + Data([UInt8](repeating: 128, count: width * height * 3))
    }

    @Test("labels the model has no class for are refused, naming the count and the largest")
    func labelsBeyondClasses() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try dataFolder(in: dir, labels: idx(type: 0x08, dimensions: [4], payload: [0, 12, 3, 11]))
        let bytes = try await CommandLineRun.dqss(["eval", "--checkpoint", "model.safetensors", "--data", "data"], in: dir)
        #expect(bytes.status == 1)
        #expect(bytes.errors.contains("4 labels ≥ 10 (largest 12)"), "\(bytes.errors)")
        // int32 labels, one of them 2³¹ − 1.
        let big = idx(type: 0x0C, dimensions: [4], payload: [0, 0, 0, 1, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 2, 0, 0, 0, 3])
        _ = try dataFolder(in: dir, labels: big)
        let huge = try await CommandLineRun.dqss(["eval", "--checkpoint", "model.safetensors", "--data", "data"], in: dir)
        #expect(huge.status == 1)
        #expect(huge.errors.contains("(largest 2147483647)"), "\(huge.errors)")
    }

    @Test("a FIFO in the data folder is refused at once instead of waiting forever")
    func fifoInDataFolder() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try dataFolder(in: dir, labels: idx(type: 0x08, dimensions: [4], payload: [0, 1, 2, 3]))
        let labels = data.appendingPathComponent("t10k-labels-idx1-ubyte")
        try FileManager.default.removeItem(at: labels)
        #expect(mkfifo(labels.path, 0o600) == 0)
        let start = Date()
        let run = try await CommandLineRun.dqss(["eval", "--checkpoint", "model.safetensors", "--data", "data"], in: dir)
        #expect(Date().timeIntervalSince(start) < 120)
        #expect(run.status == 1)
        #expect(run.errors.contains("t10k-labels-idx1-ubyte is a FIFO, not a file"), "\(run.errors)")
    }

    @Test("train --limit below one batch and search --steps 0 are refused")
    func nothingToTrain() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try dataFolder(in: dir, labels: idx(type: 0x08, dimensions: [4], payload: [0, 1, 2, 3]))
        let train = try await CommandLineRun.dqss(["train", "--data", "data", "--limit", "3", "--batch", "128", "--epochs", "1",
                                                   "--out", "run"], in: dir)
        #expect(train.status == 1)
        #expect(train.errors.contains("3 training images (--limit 3) make no full batch of 128"), "\(train.errors)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/model.safetensors").path))
        let search = try await CommandLineRun.dqss(CommandLineRun.searchArguments(steps: 0, snapshot: "s.json"), in: dir)
        #expect(search.status != 0)
        #expect(search.errors.contains("--steps must be at least 1"), "\(search.errors)")
    }

    @Test("a training whose loss becomes NaN keeps the checkpoint of the last good epoch; the card names its dataset")
    func divergenceKeepsCheckpoint() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try dataFolder(in: dir, labels: idx(type: 0x08, dimensions: [64], payload: (0..<64).map { UInt8($0 % 10) }), images: 64)
        let common = ["train", "--data", "data", "--batch", "32", "--out", "run", "--no-flip", "--crop-padding", "0"]
        let first = try await CommandLineRun.dqss(common + ["--epochs", "1", "--lr", "0.01"], in: dir)
        #expect(first.status == 0, "\(first.errors)")
        let checkpoint = dir.appendingPathComponent("run/checkpoint.safetensors")
        let good = try Data(contentsOf: checkpoint)
        let model = dir.appendingPathComponent("run/model.safetensors")
        let goodModel = try Data(contentsOf: model)
        // The card names the data it was trained on and the statistics computed from its training split.
        let card = try String(contentsOf: dir.appendingPathComponent("run/card.md"), encoding: .utf8)
        let data = dir.appendingPathComponent("data").standardizedFileURL.path
        #expect(card.contains("top-1 accuracy (\(data) test, 64 images)"), "\(card)")
        #expect(card.contains("- dataset: \(data) (data), pixels normalised with mean "), "\(card)")
        #expect(!card.contains("Fashion-MNIST"), "\(card)")
        // Epoch 2 at a learning rate of 1e30: the loss becomes NaN within the epoch.
        let diverged = try await CommandLineRun.dqss(common + ["--epochs", "3", "--lr", "1e30", "--resume"], in: dir)
        #expect(diverged.status == 1)
        #expect(diverged.errors.contains("training diverged (loss is NaN or infinite) at epoch 2"), "\(diverged.errors)")
        #expect(try Data(contentsOf: checkpoint) == good, "the epoch-1 checkpoint was overwritten")
        #expect(try Data(contentsOf: model) == goodModel, "the model of epoch 1 was overwritten")
        #expect(try TrainingCheckpoint.readForResume(from: checkpoint, model: "resnet20").epochsDone == 1)
    }

    @Test("eval --photos DIR evaluates DIR, and a photo too small for the protocol is refused by name")
    func photosFolder() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try ModelZoo.entry("edsr-x2").build(1)
        try SafeTensors.write(graph.parameters, metadata: ["model": "edsr-x2"], to: dir.appendingPathComponent("edsr.safetensors"))
        let photos = dir.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        try photo(width: 40, height: 36).write(to: photos.appendingPathComponent("flat.png"))
        let ok = try await CommandLineRun.dqss(["eval", "--model", "edsr-x2", "--checkpoint", "edsr.safetensors", "--photos", "photos"], in: dir)
        #expect(ok.status == 0, "\(ok.errors)")
        #expect(ok.output.contains("on photos ("), "\(ok.output)")
        #expect(ok.output.contains("flat") && ok.output.contains("40×36"), "\(ok.output)")
        try photo(width: 12, height: 40).write(to: photos.appendingPathComponent("tiny.png"))
        let small = try await CommandLineRun.dqss(["eval", "--model", "edsr-x2", "--checkpoint", "edsr.safetensors", "--photos", "photos"], in: dir)
        #expect(small.status == 1)
        #expect(small.errors.contains("photo 'tiny' is 12×40; evaluation needs at least 16×16"), "\(small.errors)")
    }

    @Test("a super-resolution search refuses a photo it could not evaluate before it starts, instead of a NaN PSNR")
    func searchRefusesUnevaluablePhoto() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try ModelZoo.entry("edsr-x2").build(1)
        try SafeTensors.write(graph.parameters, metadata: ["model": "edsr-x2"], to: dir.appendingPathComponent("edsr.safetensors"))
        for (folder, name, side) in [("train", "big", 128), ("photos", "tiny", 12)] {
            let url = dir.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try photo(width: side, height: side).write(to: url.appendingPathComponent("\(name).png"))
        }
        let run = try await CommandLineRun.dqss(["search", "--headless", "--model", "edsr-x2", "--checkpoint", "edsr.safetensors",
                                                 "--images", "train", "--photos", "photos", "--steps", "2", "--snapshot", "s.json"],
                                                in: dir)
        #expect(run.status == 1)
        #expect(run.errors.contains("photo 'tiny' is 12×12; evaluation needs at least 16×16"), "\(run.errors)")
        #expect(!run.errors.contains("phase:"), "the search started: \(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.json").path))
    }
}
