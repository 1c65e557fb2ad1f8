import Testing
import Foundation
import Tensor
import NeuralNet
import Quantization
import Search
import TestSupport

/// A conv → ReLU → conv → flatten → linear network on 6×6×2 NHWC inputs.
struct SmallConvProblem {
    var graph: Graph
    var images: Tensor

    init(samples: Int = 64, seed: UInt64 = 4) throws {
        var b = GraphBuilder(name: "small-conv", inputShape: [6, 6, 2], seed: seed)
        try b.add("conv1", Conv2DOp(ConvGeometry(inChannels: 2, outChannels: 4, kernel: 3, padding: 1), bias: true))
        try b.add("relu1", ReLUOp())
        try b.add("conv2", Conv2DOp(ConvGeometry(inChannels: 4, outChannels: 4, kernel: 3, stride: 2, padding: 1), bias: true))
        try b.add("relu2", ReLUOp())
        try b.add("flatten", FlattenOp())
        try b.add("fc", LinearOp(inFeatures: 36, outFeatures: 5))
        graph = b.graph
        var rng = SeededGenerator(seed: seed + 1)
        images = Tensor.randomNormal([samples, 6, 6, 2], generator: &rng)
    }

    static let methods: [WeightMethod] = [.minmax, .adaround(.mse)]

    func calibrated(bits: Int = 3) -> [String: LayerCandidates] {
        PTQCalibration(weightMethods: Self.methods, activationMethods: [.minmax], bits: BitWidths(weight: bits, activation: 8))
            .calibrate(graph, images: images)
    }

    static let settings = LearnedRoundingSettings(options: AdaRoundOptions(iterations: 200, batchSize: 16))
}

@Suite("Learned rounding candidates")
struct LearnedRoundingTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("dqss-adaround-\(UUID().uuidString)")
    }

    @Test("a conv layer's relaxation gradient through oneDNN matches finite differences")
    func convolutionGradient() throws {
        let geometry = ConvGeometry(inChannels: 3, outChannels: 2, kernel: 3, stride: 1, padding: 1)
        let layer = QuantizableLayer.conv(geometry)
        var rng = SeededGenerator(seed: 9)
        let x = Tensor.randomNormal([4, 5, 5, 3], generator: &rng), w = Tensor.randomNormal(geometry.weightShape, std: 0.4, generator: &rng)
        var calibrator = PTQMethod.minmax.makeCalibrator(granularity: .perChannel(axis: 0))
        calibrator.observe(w)
        let relaxation = AdaRoundRelaxation(weight: w, params: calibrator.params(.weights(bits: 4)))
        let y = layer.output(x, weight: w)
        let v = Tensor.randomUniform(w.shape, low: -2, high: 2, generator: &rng)
        func loss(_ v: Tensor) -> Tensor {
            Tensor(Float(AdaRound.reconstructionLoss(layer.output(x, weight: relaxation.soft(v)), target: y).loss))
        }
        let soft = relaxation.soft(v)
        let g = AdaRound.reconstructionLoss(layer.output(x, weight: soft), target: y).gradient
        let analytic = relaxation.gradient(layer.weightGradient(g, input: x, weight: soft), at: v)
        let check = GradientCheck.maxRelativeError(of: loss, at: v, projection: Tensor(1), analytic: analytic, step: 1e-3)
        #expect(check.error < 2e-2, "\(check.worst.map(String.init(describing:)) ?? "")")
    }

    @Test("every layer's learned rounding reconstructs at least as well as nearest, on the candidate's grid")
    func learnsEveryLayer() throws {
        let problem = try SmallConvProblem()
        var folded = problem.graph
        try folded.foldBatchNorms()
        var lines: [String] = []
        let outcome = try LearnedRounding(settings: SmallConvProblem.settings)
            .apply(problem.calibrated(), methods: SmallConvProblem.methods, graph: folded, images: problem.images,
                   model: problem.graph.weightsFingerprint) { lines.append($0) }
        #expect(outcome.methods == SmallConvProblem.methods)
        for name in ["conv1", "conv2", "fc"] {
            let c = try #require(outcome.candidates[name])
            #expect(c.roundedWeights[0] == nil, "round-to-nearest candidates keep no tensor")
            let w = folded.parameters["\(name).weight"]!
            let learned = c.quantizedWeight(1, of: w)
            #expect(FakeQuant.forward(learned, c.weight[1]) == learned)
            let layer = QuantizableLayer(folded.node(named: name)!.op)!
            let x = try #require(Self.inputs(of: name, folded, problem.images))
            let y = AdaRound.outputs(layer, weight: w, inputs: x)
            let nearest = AdaRound.error(layer, weight: FakeQuant.forward(w, c.weight[1]), inputs: x, targets: y)
            #expect(AdaRound.error(layer, weight: learned, inputs: x, targets: y) <= nearest)
        }
        #expect(lines.contains { $0.contains("adaround(mse) 3/3 fc") && $0.contains("ETA") }, "\(lines)")
    }

    static func inputs(of name: String, _ graph: Graph, _ images: Tensor) -> Tensor? {
        let source = graph.node(named: name)!.inputs[0]
        return graph.forward(images, keep: [source]).kept[source]
    }

    @Test("a candidate read from the cache equals the one learned fresh, bit for bit; another setting misses")
    func cacheIsExact() throws {
        let problem = try SmallConvProblem()
        var folded = problem.graph
        try folded.foldBatchNorms()
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cached = LearnedRounding(settings: SmallConvProblem.settings, cache: ReconstructionCache(directory: dir))
        func run(_ r: LearnedRounding, images: Tensor? = nil) throws -> (LearnedRounding.Outcome, [String]) {
            var lines: [String] = []
            let o = try r.apply(problem.calibrated(), methods: SmallConvProblem.methods, graph: folded, images: images ?? problem.images,
                                model: problem.graph.weightsFingerprint) { lines.append($0) }
            return (o, lines)
        }
        let (first, firstLines) = try run(cached)
        let (second, secondLines) = try run(cached)
        let (fresh, _) = try run(LearnedRounding(settings: SmallConvProblem.settings))
        #expect(!firstLines.contains { $0.contains("from cache") })
        #expect(secondLines.filter { $0.contains("from cache") }.count == 3, "\(secondLines)")
        for name in ["conv1", "conv2", "fc"] {
            #expect(second.candidates[name]!.roundedWeights == first.candidates[name]!.roundedWeights)
            #expect(second.candidates[name]!.roundedWeights == fresh.candidates[name]!.roundedWeights)
        }
        // Other calibration images are another key.
        var rng = SeededGenerator(seed: 77)
        let (_, otherLines) = try run(cached, images: Tensor.randomNormal(problem.images.shape, generator: &rng))
        #expect(!otherLines.contains { $0.contains("from cache") })
    }

    @Test("fewer calibration samples than a layer's fan-in: nearest rounding for that layer, named")
    func tooFewSamples() throws {
        // conv1's fan-in is 2·3·3 = 18, conv2's 36, fc's 36: 24 samples are enough for conv1 only.
        let problem = try SmallConvProblem(samples: 24)
        var folded = problem.graph
        try folded.foldBatchNorms()
        var lines: [String] = []
        let outcome = try LearnedRounding(settings: SmallConvProblem.settings)
            .apply(problem.calibrated(), methods: SmallConvProblem.methods, graph: folded, images: problem.images,
                   model: "m") { lines.append($0) }
        #expect(outcome.candidates["conv2"]!.roundedWeights.isEmpty)
        #expect(outcome.candidates["fc"]!.roundedWeights.isEmpty)
        #expect(lines.contains { $0.contains("conv2") && $0.contains("24 calibration samples for a fan-in of 36") }, "\(lines)")
        #expect(!lines.contains { $0.contains("conv1") && $0.contains("fan-in") })
    }

    @Test("a diverging reconstruction drops its candidate and keeps the others")
    func divergenceDropsTheCandidate() throws {
        let problem = try SmallConvProblem()
        var folded = problem.graph
        try folded.foldBatchNorms()
        let candidates = problem.calibrated()
        // An infinite bias in conv1 makes conv2's inputs infinite: its reconstruction loss is not finite.
        folded.parameters["conv1.bias"] = Tensor(repeating: .infinity, shape: [4])
        var lines: [String] = []
        let outcome = try LearnedRounding(settings: SmallConvProblem.settings)
            .apply(candidates, methods: SmallConvProblem.methods, graph: folded, images: problem.images, model: "m") { lines.append($0) }
        #expect(outcome.methods == [.minmax])
        #expect(outcome.candidates["conv2"]!.weight == [candidates["conv2"]!.weight[0]])
        #expect(outcome.candidates["conv1"]!.roundedWeights.isEmpty)
        #expect(lines.contains { $0.contains("adaround(mse) dropped") && $0.contains("conv2") }, "\(lines)")
        // With nothing else to search, the run stops with a sentence.
        #expect(throws: LearnedRounding.Failure.self) {
            try LearnedRounding(settings: SmallConvProblem.settings)
                .apply(candidates.mapValues { $0.keepingWeights([1]) }, methods: [.adaround(.mse)], graph: folded,
                       images: problem.images, model: "m") { _ in }
        }
    }

    @Test("a search with learned-rounding candidates keeps them in the sidecar; eval, export and resume read them back")
    func snapshotSidecarRoundTrip() throws {
        let problem = try SmallConvProblem()
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("run.json")
        let config = SearchConfiguration(model: "small-conv", weightMethods: SmallConvProblem.methods, activationMethods: [.minmax],
                                         calibrationImages: 64, batchSize: 16, steps: 3, guardAgainstUniform: false, seed: 1)
        var withSettings = config
        withSettings.learnedRounding = SmallConvProblem.settings
        var engine = try SearchEngine(config: withSettings, model: problem.graph, task: RegressionTask(calibrationInputs: problem.images),
                                      snapshotURL: url, emit: { _ in })
        _ = engine.run(mailbox: CommandMailbox(), emit: { _ in })
        let read = try SearchSnapshot.read(from: url, for: "small-conv", graph: problem.graph)
        let sidecar = try #require(read.sidecar)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(sidecar.file).path))
        let written = engine.snapshot()
        for (l, layer) in read.layers.enumerated() {
            let c = try #require(layer.candidates)
            #expect(c.roundedWeights == written.layers[l].candidates!.roundedWeights)
            #expect(!c.roundedWeights.isEmpty, "\(layer.name) has its learned weight")
        }
        // The supernet built from the snapshot (what eval and export do) uses the learned tensors.
        var folded = problem.graph
        try folded.foldBatchNorms()
        let candidates = Dictionary(uniqueKeysWithValues: read.layers.map { ($0.name, $0.candidates!) })
        let supernet = try Supernet(float: folded, candidates: candidates, freezeWeights: true)
        for (l, layer) in read.layers.enumerated() {
            #expect(supernet.op(l).frozenQuantizedWeights?[1] == layer.candidates!.roundedWeights[1])
        }
        // Resume restores the same candidates without learning again.
        let resumed = try SearchEngine(config: read.configuration, model: problem.graph,
                                       task: RegressionTask(calibrationInputs: problem.images), snapshotURL: url, resume: read,
                                       emit: { _ in })
        #expect(resumed.snapshot().layers.map(\.candidates) == written.layers.map(\.candidates))
    }

    @Test("a sidecar tensor off its candidate's grid is refused with the tensor named")
    func offGridSidecarIsRefused() throws {
        let problem = try SmallConvProblem()
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("run.json")
        var config = SearchConfiguration(model: "small-conv", weightMethods: SmallConvProblem.methods, activationMethods: [.minmax],
                                         calibrationImages: 64, batchSize: 16, steps: 2, guardAgainstUniform: false, seed: 1)
        config.learnedRounding = SmallConvProblem.settings
        var engine = try SearchEngine(config: config, model: problem.graph, task: RegressionTask(calibrationInputs: problem.images),
                                      snapshotURL: url, emit: { _ in })
        _ = engine.run(mailbox: CommandMailbox(), emit: { _ in })
        var snapshot = try SearchSnapshot.read(from: url, for: "small-conv", graph: problem.graph)
        var tensors = try snapshot.sidecar!.read(besides: url)
        let name = "rounded-weight/conv1/1"
        tensors[name]![flat: 0] += 1e-3
        snapshot.sidecar = try SnapshotSidecar.write(tensors, metadata: [:], besides: url)
        try snapshot.write(to: url)
        #expect {
            try SearchSnapshot.read(from: url, for: "small-conv", graph: problem.graph)
        } throws: { error in
            (error as? SidecarError).map { "\($0.localizedDescription)".contains(name) } ?? false
        }
    }
}
