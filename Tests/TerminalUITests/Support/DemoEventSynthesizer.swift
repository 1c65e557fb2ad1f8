import Foundation
import Search

/// Synthesises a plausible PTQ search on ResNet-20 / Fashion-MNIST: 20 layers,
/// five weight and five activation candidates, probabilities sharpening over
/// 300 steps as the temperature anneals, loss falling, then evaluations.
struct DemoEventSynthesizer {
    static let candidates = ["minmax", "percentile", "mse", "aciq", "kl"]
    var totalSteps = 300
    var seed: UInt64 = 2024

    static func resnet20Layers() -> [LayerInfo] {
        var layers = [LayerInfo(name: "stem", kind: "conv2d", weightShape: [16, 1, 3, 3], inputShape: [1, 28, 28])]
        let channels = [16, 32, 64], sizes = [28, 14, 7]
        for stage in 0..<3 {
            for block in 0..<3 {
                for conv in 1...2 {
                    let first = block == 0 && conv == 1
                    let cin = first && stage > 0 ? channels[stage - 1] : channels[stage]
                    let size = first && stage > 0 ? sizes[stage - 1] : sizes[stage]
                    layers.append(LayerInfo(name: "stage\(stage + 1).block\(block).conv\(conv)", kind: "conv2d",
                                            weightShape: [channels[stage], cin, 3, 3], inputShape: [cin, size, size]))
                }
            }
        }
        layers.append(LayerInfo(name: "fc", kind: "linear", weightShape: [10, 64], inputShape: [64]))
        return layers
    }

    static func description(totalSteps: Int) -> SearchDescription {
        SearchDescription(model: "resnet20-fmnist", mode: .ptq, weightBits: 4, activationBits: 4, layers: resnet20Layers(),
                          weightCandidates: candidates, activationCandidates: candidates, totalSteps: totalSteps,
                          metricName: "top-1")
    }

    private static func softmax(_ logits: [Double], temperature: Double) -> [Float] {
        let m = logits.max() ?? 0
        let e = logits.map { exp(($0 - m) / temperature) }
        let s = e.reduce(0, +)
        // Four decimals keep the recording small without visible loss.
        return e.map { Float(($0 / s * 10_000).rounded() / 10_000) }
    }

    func events() -> [SearchEvent] {
        var rng = SplitMix64(seed: seed)
        let d = Self.description(totalSteps: totalSteps)
        let layers = d.layers
        var out: [SearchEvent] = [.started(d), .phase(.calibrating)]
        for b in 1...8 { out.append(.calibration(done: b, total: 8)) }

        for (l, layer) in layers.enumerated() {
            let fanIn = Double(layer.weightShape.dropFirst().reduce(1, *))
            let wMax = 2.6 / fanIn.squareRoot() * (1 + 0.3 * abs(rng.normal()))
            let wScale = [1.0, 0.71, 0.58, 0.52, 0.63]
            let aMax = l == 0 ? 2.82 : 3.0 + 2.0 * abs(rng.normal())
            let aScale = [1.0, 0.78, 0.55, 0.49, 0.61]
            out.append(.calibratedRanges(LayerRanges(
                layer: l,
                weight: zip(Self.candidates, wScale).map { CandidateRange(candidate: $0, low: Float(-wMax * $1), high: Float(wMax * $1)) },
                activation: zip(Self.candidates, aScale).map {
                    CandidateRange(candidate: $0, low: l == 0 ? Float(-0.81 * $1) : 0, high: Float(aMax * $1))
                })))
        }
        out.append(.evaluation(EvaluationReport(label: "fp", metricName: "top-1", value: 91.84)))
        out.append(.phase(.searching))
        out.append(.message("searching \(totalSteps) steps · Adam lr 0.05 · τ 1.0 → 0.05 · KL distillation"))

        // Each layer drifts towards its own preferred candidates.
        let wPrefs = layers.map { _ in Self.candidates.indices.map { _ in rng.normal() } }
        let aPrefs = layers.map { _ in Self.candidates.indices.map { _ in rng.normal() } }
        let phases = layers.map { _ in Double.random(in: 0..<(2 * Double.pi), using: &rng) }
        var elapsed = 3.4
        var last: [LayerProbabilities] = []
        for step in 1...totalSteps {
            let t = Double(step) / Double(totalSteps)
            let temperature = pow(0.05, t)
            let strength = 0.35 * pow(t, 0.7)
            last = layers.indices.map { l in
                let wobble = 0.08 * sin(Double(step) / 9 + phases[l]) * (1 - t)
                let w = wPrefs[l].enumerated().map { j, g in (g + (j == 2 ? wobble : -wobble)) * strength }
                let a = aPrefs[l].enumerated().map { i, g in (g + (i == 3 ? wobble : -wobble)) * strength }
                return LayerProbabilities(weight: Self.softmax(w, temperature: temperature),
                                          activation: Self.softmax(a, temperature: temperature))
            }
            let sps = 11.5 + 0.8 * rng.normal()
            elapsed += 1 / sps
            let loss = 0.9 * exp(-Double(step) / 70) + 0.21 + 0.015 * rng.normal()
            out.append(.step(StepReport(step: step, totalSteps: totalSteps, phase: .searching,
                                        loss: Float((loss * 10_000).rounded() / 10_000), lossTerms: [:],
                                        temperature: Float((temperature * 10_000).rounded() / 10_000),
                                        probabilities: last, stepsPerSecond: (sps * 100).rounded() / 100,
                                        elapsedSeconds: (elapsed * 1000).rounded() / 1000)))
            if step == totalSteps / 3 {
                out.append(.snapshotWritten(path: "runs/resnet20-fmnist-w4a4/step-\(step).json"))
            }
        }

        out.append(.phase(.deriving))
        let wChoice = last.map { p in p.weight.indices.max { p.weight[$0] < p.weight[$1] }! }
        let aChoice = last.map { p in p.activation.indices.max { p.activation[$0] < p.activation[$1] }! }
        out.append(.message("derived: argmax per layer; scoring against all 25 uniform pairs on the calibration set"))
        out.append(.phase(.evaluating))
        let evaluations = [
            EvaluationReport(label: "fp", metricName: "top-1", value: 91.84),
            EvaluationReport(label: "uniform minmax/minmax", metricName: "top-1", value: 84.12, calibrationObjective: 0.412),
            EvaluationReport(label: "uniform percentile/percentile", metricName: "top-1", value: 88.95, calibrationObjective: 0.236),
            EvaluationReport(label: "uniform mse/mse", metricName: "top-1", value: 89.31, calibrationObjective: 0.214),
            EvaluationReport(label: "uniform aciq/mse", metricName: "top-1", value: 89.87, calibrationObjective: 0.198),
            EvaluationReport(label: "uniform kl/kl", metricName: "top-1", value: 88.70, calibrationObjective: 0.241),
            EvaluationReport(label: "derived", metricName: "top-1", value: 90.46, calibrationObjective: 0.171),
        ]
        out.append(contentsOf: evaluations.map { .evaluation($0) })
        let path = "runs/resnet20-fmnist-w4a4/final.json"
        out.append(.snapshotWritten(path: path))
        out.append(.phase(.done))
        out.append(.finished(SearchSummary(weightChoices: wChoice, activationChoices: aChoice,
                                           evaluations: evaluations, snapshotPath: path)))
        return out
    }
}
