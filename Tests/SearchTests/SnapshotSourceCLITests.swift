import Foundation
import Testing
import NeuralNet
import Search

/// A snapshot is enough for eval, export and --resume: it names the model and the weights' file;
/// flags still win, and a flag that contradicts the snapshot is an error naming both.
@Suite("A snapshot names its model", .serialized)
struct SnapshotSourceCLITests {
    @Test("eval from another directory with only --strategy; contradicting flags and gone weights are refused by name")
    func snapshotIsEnough() async throws {
        try #require(CommandLineRun.built, "build dqss first (make test does)")
        let dir = try CommandLineRun.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let search = try await CommandLineRun.dqss(CommandLineRun.searchArguments(steps: 2, snapshot: "snap.json"), in: dir)
        #expect(search.status == 0, "\(search.errors)")
        let snapshot = try SearchSnapshot.read(from: dir.appendingPathComponent("snap.json"))
        let weights = dir.appendingPathComponent("model.safetensors").standardizedFileURL.path
        #expect(snapshot.configuration.source == ModelSource(checkpoint: weights))

        let elsewhere = dir.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let eval = try await CommandLineRun.dqss(["eval", "--strategy", "../snap.json", "--limit", "20"], in: elsewhere)
        #expect(eval.status == 0, "\(eval.errors)")
        #expect(eval.output.contains("resnet20 W4A4 final strategy from ../snap.json: top-1"), "\(eval.output)")

        let otherModel = try await CommandLineRun.dqss(["eval", "--model", "mobilenetv2", "--strategy", "snap.json"], in: dir)
        #expect(otherModel.status == 1)
        #expect(otherModel.errors.contains("--model mobilenetv2 does not match snap.json, a search of resnet20"), "\(otherModel.errors)")

        let other = try ModelZoo.entry("resnet20").build(9)
        try SafeTensors.write(other.parameters, metadata: ["model": "resnet20"], to: dir.appendingPathComponent("other.safetensors"))
        let otherWeights = try await CommandLineRun.dqss(["export", "--checkpoint", "other.safetensors", "--strategy", "snap.json"], in: dir)
        #expect(otherWeights.status == 1)
        #expect(otherWeights.errors.contains("the weights in other.safetensors"), "\(otherWeights.errors)")
        #expect(otherWeights.errors.contains("are not those snap.json was made with (\(weights)"), "\(otherWeights.errors)")

        let otherBits = try await CommandLineRun.dqss(["search", "--headless", "--resume", "snap.json", "--bits", "w8a8",
                                                       "--snapshot", "resumed.json"], in: dir)
        #expect(otherBits.status == 1)
        #expect(otherBits.errors.contains("--bits w8a8 does not match snap.json, a W4A4 search"), "\(otherBits.errors)")

        try FileManager.default.removeItem(atPath: weights)
        let gone = try await CommandLineRun.dqss(["eval", "--strategy", "snap.json"], in: dir)
        #expect(gone.status == 1)
        #expect(gone.errors.contains("snap.json was made with the weights in \(weights), which are gone"), "\(gone.errors)")
    }
}
