import Testing
import Foundation
import Tensor
import NeuralNet
import Quantization
import Search
import Tasks

/// Candidates that carry their bit-widths, chosen per layer by a policy.
@Suite("Bit policy")
struct BitPolicyTests {
    @Test("--bits text: one bit-width, one list for both sides, one list per side; bad input refused",
          arguments: [("w4a4", [4], [4]), ("4", [4], [4]), ("W3A8", [3], [8]), ("2,3,4,6,8", [2, 3, 4, 6, 8], [2, 3, 4, 6, 8]),
                      ("w8,2,4a4,8", [2, 4, 8], [4, 8]), ("w4,4a4", [4], [4])])
    func parsesChoices(text: String, weight: [Int], activation: [Int]) throws {
        let c = try #require(BitChoices(text))
        #expect(c.weight == weight && c.activation == activation)
    }

    @Test("bit-widths outside 2…8 and malformed lists are refused", arguments: ["1,4", "w4a9", "w2,,4a4", "w4", "", "x4"])
    func refusesBadChoices(text: String) {
        #expect(BitChoices(text) == nil)
    }

    @Test("slots: method-minor, bit-major; the first/last rule puts every slot of the edge layers at 8 bits")
    func slots() throws {
        let policy = BitPolicy(choices: try #require(BitChoices("w2,4a4,8")), firstAndLastAt8Bits: true)
        #expect(policy.weightBits(layer: 1, of: 3, methods: 3) == [2, 2, 2, 4, 4, 4])
        #expect(policy.activationBits(layer: 1, of: 3, methods: 2) == [4, 4, 8, 8])
        #expect(policy.weightBits(layer: 0, of: 3, methods: 3) == [8, 8, 8, 8, 8, 8])
        #expect(policy.weightBits(layer: 2, of: 3, methods: 3) == [8, 8, 8, 8, 8, 8])
        #expect(BitPolicy.names(["mse", "kl"], bits: [2, 4]) == ["mse@2", "kl@2", "mse@4", "kl@4"])
        #expect(BitPolicy.names(["mse", "kl"], bits: [4]) == ["mse", "kl"])
    }

    @Test("calibrating several bit-widths gives, at each, the candidates a one-bit-width calibration gives")
    func calibrationCarriesBits() throws {
        let graph = try SmallFashionSearch.model(name: "bits-small")
        var folded = graph
        try folded.foldBatchNorms()
        let images = try SmallFashionSearch.task().calibrationInputs
        let w: [WeightMethod] = [.minmax, .mse], a: [PTQMethod] = [.minmax, .kl]
        let mixed = PTQCalibration(weightMethods: w, activationMethods: a,
                                   policy: BitPolicy(choices: try #require(BitChoices("w2,4a4,8")))).calibrate(folded, images: images)
        let at2 = PTQCalibration(weightMethods: w, activationMethods: a, bits: BitWidths(weight: 2, activation: 4)).calibrate(folded, images: images)
        let at4 = PTQCalibration(weightMethods: w, activationMethods: a, bits: BitWidths(weight: 4, activation: 8)).calibrate(folded, images: images)
        for name in PTQCalibration.quantizableLayers(folded) {
            let m = try #require(mixed[name])
            #expect(m.weight.map(\.spec.bits) == [2, 2, 4, 4])
            #expect(m.activation.map(\.spec.bits) == [4, 4, 8, 8])
            #expect(Array(m.weight[0..<2]) == at2[name]!.weight && Array(m.weight[2..<4]) == at4[name]!.weight)
            #expect(Array(m.activation[0..<2]) == at2[name]!.activation && Array(m.activation[2..<4]) == at4[name]!.activation)
            #expect(m.bits(weight: 3, activation: 0) == BitWidths(weight: 4, activation: 4))
        }
    }

    @Test("a mixed-precision search runs end to end; its snapshot names the slots, records per-layer bits and reads back")
    func mixedSearchSnapshot() throws {
        let url = SmallFashionSearch.temporarySnapshot("bits")
        defer { try? FileManager.default.removeItem(at: url) }
        var config = SearchConfiguration(model: "bits-small", bits: BitWidths(weight: 8, activation: 8),
                                         weightMethods: [.minmax, .mse], activationMethods: [.minmax, .kl], calibrationImages: 128,
                                         batchSize: 32, steps: 6, learningRate: 0.1, guardImages: 64, evaluationLimit: 100, seed: 1)
        config.bitChoices = BitChoices("w2,8a4,8")
        let graph = try SmallFashionSearch.model(name: "bits-small")
        var engine = try SearchEngine(config: config, model: graph, task: try SmallFashionSearch.task(), snapshotURL: url, emit: { _ in })
        let log = EventLog()
        #expect(engine.run(mailbox: CommandMailbox(), emit: log.append) == .finished)
        // Front ends title the search with its bit choices, not the widest pair.
        let started = log.all.compactMap { if case .started(let d) = $0 { return d } else { return nil } }
        #expect(started.map(\.bitsLabel) == ["W2,8A4,8"])
        let s = try SearchSnapshot.read(from: url, for: "bits-small", graph: graph)
        #expect(s.version == SearchSnapshot.currentVersion)
        #expect(s.weightCandidates == ["minmax@2", "mse@2", "minmax@8", "mse@8"])
        #expect(s.activationCandidates == ["minmax@4", "kl@4", "minmax@8", "kl@8"])
        for (l, layer) in s.layers.enumerated() {
            let c = try #require(layer.candidates)
            #expect(layer.bits == BitWidths(weight: c.weight[s.strategy.weight[l]].spec.bits,
                                            activation: c.activation[s.strategy.activation[l]].spec.bits))
        }
    }

    @Test("a version 1 snapshot (no bits or bit choices) still loads")
    func versionOneLoads() throws {
        let problem = try TwoLayerProblem()
        var engine = try problem.engine()
        for _ in 0..<3 { engine.searchStep() }
        let data = try JSONEncoder().encode(engine.snapshot())
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        json["version"] = 1
        var layers = try #require(json["layers"] as? [[String: Any]])
        for i in layers.indices { layers[i]["bits"] = nil }
        json["layers"] = layers
        var config = try #require(json["configuration"] as? [String: Any])
        config["bitChoices"] = nil
        json["configuration"] = config
        let old = try SearchSnapshot.decode(try JSONSerialization.data(withJSONObject: json), path: "v1.json")
        #expect(old.version == 1)
        #expect(old.layers.allSatisfy { $0.bits == nil })
        #expect(old.strategy == engine.snapshot().strategy)
        let resumed = try problem.engine(resume: old)
        #expect(resumed.snapshot().layers.map(\.weightLogits) == engine.snapshot().layers.map(\.weightLogits))
    }
}
