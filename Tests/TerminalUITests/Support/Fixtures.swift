import Foundation
import Search
import TerminalUI

/// Small, hand-checkable states for widget and key tests.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let smallDescription = SearchDescription(
        model: "tiny", mode: .ptq, weightBits: 4, activationBits: 4,
        layers: [
            LayerInfo(name: "stem", kind: "conv2d", weightShape: [8, 1, 3, 3], inputShape: [1, 28, 28]),
            LayerInfo(name: "block.conv", kind: "depthwise", weightShape: [8, 1, 3, 3], inputShape: [8, 28, 28]),
            LayerInfo(name: "fc", kind: "linear", weightShape: [10, 8], inputShape: [8]),
        ],
        weightCandidates: ["minmax", "mse", "aciq"], activationCandidates: ["minmax", "kl", "percentile"],
        totalSteps: 100, metricName: "top-1")

    /// Known probabilities: layer 0 prefers mse / kl, layer 1 aciq / minmax, layer 2 minmax / percentile.
    static let smallProbabilities: [LayerProbabilities] = [
        LayerProbabilities(weight: [0.1, 0.7, 0.2], activation: [0.05, 0.9, 0.05]),
        LayerProbabilities(weight: [0.3, 0.3, 0.4], activation: [0.5, 0.25, 0.25]),
        LayerProbabilities(weight: [0.95, 0.03, 0.02], activation: [0.1, 0.1, 0.8]),
    ]

    static func step(_ n: Int, loss: Float, probabilities: [LayerProbabilities] = smallProbabilities,
                     terms: [String: Float] = [:]) -> SearchEvent {
        .step(StepReport(step: n, totalSteps: 100, phase: .searching, loss: loss, lossTerms: terms, temperature: 0.5,
                         probabilities: probabilities, stepsPerSecond: 10, elapsedSeconds: Double(n) / 10))
    }

    /// A running search with one step and a pin on layer 2's weights.
    static func smallState() -> ExplorerState {
        var s = ExplorerState()
        s.apply(.started(smallDescription))
        s.apply(.phase(.searching))
        s.apply(step(10, loss: 0.5))
        s.apply(.pinned(layer: 2, pin: LayerPin(weight: 1)))
        return s
    }

    /// The committed recording of a real `make run` search (Assets/demo-events.jsonl).
    static let demoEvents: [SearchEvent] = {
        do {
            return try EventRecording.load(contentsOf: packageRoot.appendingPathComponent("Assets/demo-events.jsonl"))
        } catch {
            fatalError("Assets/demo-events.jsonl does not load (regenerate it with scripts/record-demo-events.sh): \(error)")
        }
    }()

    /// The demo search replayed up to `steps` steps (whole stream if nil).
    static func demoState(steps: Int? = nil) -> ExplorerState {
        var s = ExplorerState()
        for e in demoEvents {
            if let steps, case .step(let r) = e, r.step > steps { break }
            s.apply(e)
        }
        return s
    }
}
