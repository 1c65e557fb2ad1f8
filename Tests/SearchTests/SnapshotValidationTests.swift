import Foundation
import Testing
import NeuralNet
import Quantization
import Search

/// One hostile edit of a valid snapshot and the field the refusal must name.
struct SnapshotMutation: Sendable, CustomTestStringConvertible {
    let field: String
    let apply: @Sendable (inout SearchSnapshot) -> Void
    var testDescription: String { field }
}

/// Every decoded field of a snapshot is checked against the model before use.
@Suite("Snapshot validation", .serialized)
struct SnapshotValidationTests {
    /// A real snapshot of a two-step search, made once by the binary for every test here.
    actor Fixture {
        static let shared = Fixture()
        private var made: (dir: URL, snapshot: SearchSnapshot)?

        func get() async throws -> (dir: URL, snapshot: SearchSnapshot) {
            if let made { return made }
            let dir = try CommandLineRun.workspace()
            let run = try await CommandLineRun.dqss(CommandLineRun.searchArguments(steps: 2, snapshot: "snap.json"), in: dir)
            guard run.status == 0 else { throw CLIFailure(errors: run.errors) }
            let value = (dir, try SearchSnapshot.read(from: dir.appendingPathComponent("snap.json")))
            made = value
            return value
        }
    }

    struct CLIFailure: Error { let errors: String }

    static let graph = try! ModelZoo.entry("resnet20").build(4)

    static let mutations: [SnapshotMutation] = [
        SnapshotMutation(field: "layers[3] (stage1.block1.conv1).candidates.weight[0].scales[0]") { $0.layers[3].candidates!.weight[0].scales[0] = 0 },
        SnapshotMutation(field: "layers[0] (stem.conv).candidates.weight[1].scales[0]") { $0.layers[0].candidates!.weight[1].scales[0] = .nan },
        SnapshotMutation(field: "layers[2] (stage1.block0.conv2).candidates.weight[0].zeroPoints") { $0.layers[2].candidates!.weight[0].zeroPoints = [] },
        SnapshotMutation(field: "layers[2] (stage1.block0.conv2).candidates.activation[0].zeroPoints[0]") { $0.layers[2].candidates!.activation[0].zeroPoints[0] = 1000 },
        SnapshotMutation(field: "layers[1] (stage1.block0.conv1).candidates.weight[0].spec.bits") { $0.layers[1].candidates!.weight[0].spec.bits = 64 },
        SnapshotMutation(field: "layers[1] (stage1.block0.conv1).candidates.weight[0].spec.bits") { $0.layers[1].candidates!.weight[0].spec.bits = 0 },
        SnapshotMutation(field: "layers[1] (stage1.block0.conv1).candidates.weight[0].spec.granularity.axis") { $0.layers[1].candidates!.weight[0].spec.granularity = .perChannel(axis: 7) },
        SnapshotMutation(field: "layers[4] (stage1.block1.conv2).candidates.weight") { $0.layers[4].candidates!.weight.removeLast() },
        SnapshotMutation(field: "layers[4] (stage1.block1.conv2).pin.weight") { $0.layers[4].pin = LayerPin(weight: 9) },
        SnapshotMutation(field: "layers[4] (stage1.block1.conv2).pin.activation") { $0.layers[4].pin = LayerPin(activation: -1) },
        SnapshotMutation(field: "layers[5] (stage1.block2.conv1).weightLogits") { $0.layers[5].weightLogits = [1] },
        SnapshotMutation(field: "layers") { $0.layers[1].name = $0.layers[0].name },
        SnapshotMutation(field: "layers") { $0.layers.removeLast() },
        SnapshotMutation(field: "derived.weight[2]") { $0.derived.weight[2] = 99 },
        SnapshotMutation(field: "derived.activation[0]") { $0.derived.activation[0] = -3 },
        SnapshotMutation(field: "derived.weight") { $0.derived.weight.removeLast() },
        SnapshotMutation(field: "final.weight") { $0.final = Strategy(weight: [], activation: []) },
        SnapshotMutation(field: "configuration.batchSize") { $0.configuration.batchSize = 0 },
        SnapshotMutation(field: "configuration.calibrationImages") { $0.configuration.calibrationImages = 0 },
        SnapshotMutation(field: "configuration.steps") { $0.configuration.steps = Int.max },
        SnapshotMutation(field: "configuration.bits.weight") { $0.configuration.bits.weight = 64 },
        SnapshotMutation(field: "configuration.learningRate") { $0.configuration.learningRate = .infinity },
        SnapshotMutation(field: "configuration.activationMethods") { $0.configuration.activationMethods = [] },
        SnapshotMutation(field: "step") { $0.step = -1 },
        SnapshotMutation(field: "weightCandidates") { $0.weightCandidates = ["minmax"] },
        SnapshotMutation(field: "optimizerState[nowhere.m]") { $0.optimizerState["nowhere.m"] = [1] },
        SnapshotMutation(field: "optimizerState[fc.weight_logits.m]") { $0.optimizerState["fc.weight_logits.m"] = [1, 2] },
    ]

    @Test("the snapshot a search wrote passes")
    func validPasses() async throws {
        let (_, snapshot) = try await Fixture.shared.get()
        try snapshot.validate(against: Self.graph, path: "snap.json")
    }

    @Test("each hostile edit is refused naming its field", arguments: mutations)
    func refused(_ mutation: SnapshotMutation) async throws {
        var snapshot = try await Fixture.shared.get().snapshot
        mutation.apply(&snapshot)
        do {
            try snapshot.validate(against: Self.graph, path: "snap.json")
            Issue.record("accepted a snapshot with a bad \(mutation.field)")
        } catch SnapshotError.invalid(_, let field, _) {
            #expect(field == mutation.field)
        }
    }

    @Test("eval and export refuse a damaged snapshot with one line and exit 1, no trap")
    func commandsRefuse() async throws {
        let (dir, valid) = try await Fixture.shared.get()
        var snapshot = valid
        snapshot.derived.weight[0] = 1_000_000
        try snapshot.write(to: dir.appendingPathComponent("bad.json"))
        for arguments in [["eval", "--checkpoint", "model.safetensors", "--strategy", "bad.json"],
                          ["export", "--checkpoint", "model.safetensors", "--strategy", "bad.json", "--format", "encodings", "-o", "e.json"],
                          CommandLineRun.searchArguments(steps: 2, snapshot: "s.json") + ["--resume", "bad.json"]] {
            let run = try await CommandLineRun.dqss(arguments, in: dir)
            #expect(run.status == 1, "\(arguments[0]): \(run.errors)")
            #expect(run.errors.contains("derived.weight[0] is 1000000"), "\(arguments[0]): \(run.errors)")
            #expect(run.errors.split(separator: "\n").count == 1, "\(arguments[0]): \(run.errors)")
        }
    }
}
