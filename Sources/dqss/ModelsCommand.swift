import ArgumentParser
import Foundation
import NeuralNet

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the built-in models with parameter counts and MACs.")

    func run() throws {
        print("model          task                params     MACs/sample  quantizable layers  description")
        for entry in ModelZoo.entries {
            let g = try entry.build(0)
            let layers = g.nodes.filter { ["conv2d", "depthwise", "convTranspose2d", "linear"].contains($0.op.kind) }.count
            print(entry.name.padded(14), entry.task.rawValue.padded(19), Self.human(g.parameterCount).padded(9, right: true),
                  Self.human(g.macs).padded(12, right: true), String(layers).padded(19, right: true), "", entry.summary)
        }
    }

    static func human(_ n: Int) -> String {
        n >= 1_000_000 ? String(format: "%.2f M", Double(n) / 1e6) : String(format: "%.1f k", Double(n) / 1e3)
    }
}
