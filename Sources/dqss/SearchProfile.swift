import Foundation
import Tensor
import NeuralNet
import Quantization
import Search

/// Where the time of one search step goes, by op and pass: the post-training
/// search step of `dqss bench`'s search row (ResNet-20 at 28×28, BN folded,
/// every PTQ method as weight and activation candidate, KL distillation, Adam
/// on the logits) and a quantization-aware step (LSQ, PACT and DoReFa
/// candidates, per-channel weights, cross-entropy + KL, SGD on the weights).
/// Every entry is the median over the timed steps, so a busy second core
/// inflates single steps, not the table.
struct SearchProfile {
    let batch: Int
    let repetitions: Int

    /// Median seconds per step for every entry, and of the whole step.
    struct Result {
        var title: String
        var entries: [ExecutionProfile.Key: Double]
        var step: Double
    }

    func run() throws -> [Result] {
        var rng = SeededGenerator(seed: 3)
        var float = try ResNet20.build(seed: 0)
        try float.foldBatchNorms()
        let calibrationImages = Tensor.randomNormal([256, 28, 28, 1], generator: &rng)
        let x = Tensor.randomNormal([batch, 28, 28, 1], generator: &rng)
        let labels = (0..<batch).map { Int32($0 % 10) }
        let teacherLogits = float.forward(x).output
        return [floatStep(float, x: x, teacher: teacherLogits),
                try ptqStep(float, calibrationImages: calibrationImages, x: x, teacher: teacherLogits),
                try qatStep(float, calibrationImages: calibrationImages, x: x, labels: labels)]
    }

    /// The float step the search step is measured against: forward, KL
    /// distillation, backward to every weight (no optimizer, as in the bench row).
    func floatStep(_ float: Graph, x: Tensor, teacher: Tensor) -> Result {
        var graph = float
        let (entries, step) = profileSteps { profile in
            let context = ExecutionContext(training: true, profile: profile)
            let (y, tape) = graph.forwardForBackward(x, context: context)
            let (_, grad) = context.measure("kl distillation", .step) { KLDivergence.distillation(student: y, teacher: teacher) }
            _ = graph.backward(tape, gradOutput: grad)
        }
        return Result(title: "Float step: ResNet-20 28×28, batch \(batch), BN folded, KL distillation, backward to every weight",
                      entries: entries, step: step)
    }

    func ptqStep(_ float: Graph, calibrationImages: Tensor, x: Tensor, teacher: Tensor) throws -> Result {
        let methods = PTQMethod.allCases
        let candidates = PTQCalibration(weightMethods: methods.map { WeightMethod($0) }, activationMethods: methods,
                                        bits: BitWidths(weight: 4, activation: 4)).calibrate(float, images: calibrationImages)
        var supernet = try Supernet(float: float, candidates: candidates, freezeWeights: true)
        let logits = Set(supernet.logitParameterNames)
        var adam = Adam()
        let (entries, step) = profileSteps { profile in
            let context = ExecutionContext(training: true, temperature: 1, profile: profile)
            let (y, tape) = supernet.graph.forwardForBackward(x, context: context)
            let (_, grad) = context.measure("kl distillation", .step) { KLDivergence.distillation(student: y, teacher: teacher) }
            let grads = supernet.graph.backward(tape, gradOutput: grad, wrt: logits).parameters
            context.measure("adam (logits)", .step) { adam.step(&supernet.graph.parameters, gradients: grads, lr: 1e-3) }
        }
        return Result(title: "PTQ search step: ResNet-20 28×28, batch \(batch), BN folded, W4A4, \(methods.count) × \(methods.count) candidates",
                      entries: entries, step: step)
    }

    func qatStep(_ float: Graph, calibrationImages: Tensor, x: Tensor, labels: [Int32]) throws -> Result {
        let names = PTQCalibration.quantizableLayers(float)
        let inputs = float.forward(calibrationImages, keep: Set(names.map { float.node(named: $0)!.inputs[0] })).kept
        var graph = float
        var generator = SeededGenerator(seed: 0)
        for name in names {
            let node = graph.node(named: name)!
            let layer = QuantizableLayer(node.op)!
            let w = graph.parameters["\(name).weight"]!
            let op = QATLayerOp(layer: layer, hasBias: graph.parameters["\(name).bias"] != nil,
                                weightQuantizers: QATMethod.allCases.map {
                                    $0.makeWeightQuantizer(bits: 4, weights: w, perChannel: layer.weightChannelAxis == 0)
                                },
                                activationQuantizers: QATMethod.allCases.map {
                                    $0.makeActivationQuantizer(bits: 4, sample: inputs[node.inputs[0]]!)
                                })
            try graph.replaceOp(of: name, with: op, generator: &generator)
            for (k, v) in op.initialQuantizerParameters { graph.parameters["\(name).\(k)"] = v }
        }
        let logitNames = Set(names.flatMap { ["\($0).weight_logits", "\($0).act_logits"] })
        let trainable = Set(graph.trainableParameterNames)
        var sgd = SGD(momentum: 0.9, nesterov: true)
        var adam = Adam()
        let (entries, step) = profileSteps { profile in
            let context = ExecutionContext(training: true, temperature: 1, profile: profile)
            let (y, tape) = graph.forwardForBackward(x, context: context)
            let target = context.measure("teacher forward", .step) { float.forward(x).output }
            let grad = context.measure("losses", .step) {
                var g = SoftmaxCrossEntropy.lossAndGradient(logits: y, labels: labels).gradient
                g.addScaled(KLDivergence.distillation(student: y, teacher: target).gradient)
                return g
            }
            let grads = graph.backward(tape, gradOutput: grad, wrt: trainable).parameters
            context.measure("sgd (weights, quantizers)", .step) {
                sgd.step(&graph.parameters, gradients: grads.filter { !logitNames.contains($0.key) }, lr: 1e-4)
            }
            context.measure("adam (logits)", .step) {
                adam.step(&graph.parameters, gradients: grads.filter { logitNames.contains($0.key) }, lr: 1e-3)
            }
        }
        return Result(title: "QAT search step: same network, W4A4, LSQ/PACT/DoReFa × 3, per-channel weights, CE + KL",
                      entries: entries, step: step)
    }

    /// Runs `body` for two warm-up and `repetitions` timed steps, each with a
    /// fresh profile; returns the median of every entry and of the step.
    private func profileSteps(_ body: (ExecutionProfile) -> Void) -> ([ExecutionProfile.Key: Double], Double) {
        for _ in 0..<2 { body(ExecutionProfile()) }
        var samples: [ExecutionProfile.Key: [Double]] = [:]
        var steps: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let profile = ExecutionProfile()
            let start = DispatchTime.now().uptimeNanoseconds
            body(profile)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            steps.append(seconds)
            let totals = profile.totals
            for (key, entry) in totals { samples[key, default: []].append(entry.seconds) }
            // What no op, loss or optimizer accounts for: the graph's own loops, dictionaries, freeing values.
            let accounted = totals.filter { $0.key.part == nil }.map(\.value.seconds).reduce(0, +)
            samples[Self.unaccounted, default: []].append(max(0, seconds - accounted))
        }
        let count = steps.count
        return (samples.mapValues { Self.median($0 + [Double](repeating: 0, count: count - $0.count)) }, Self.median(steps))
    }

    static let unaccounted = ExecutionProfile.Key(op: "graph bookkeeping", pass: .step)

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }

    /// The table: whole ops by time, each followed by the parts it measured
    /// itself and what is left of it; then what no op accounts for.
    static func render(_ r: Result) -> String {
        func padded(_ s: String) -> String { s.count >= 36 ? s : s + String(repeating: " ", count: 36 - s.count) }
        var lines = [r.title, "  " + padded("op (pass) › part") + "  ms/step   share"]
        let whole = r.entries.filter { $0.key.part == nil }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        func row(_ label: String, _ seconds: Double) -> String {
            "  " + padded(label) + String(format: " %8.2f %6.1f%%", seconds * 1e3, 100 * seconds / max(r.step, 1e-12))
        }
        for (key, seconds) in whole {
            lines.append(row("\(key.op) (\(key.pass.rawValue))", seconds))
            let parts = r.entries.filter { $0.key.op == key.op && $0.key.pass == key.pass && $0.key.part != nil }
                .sorted { $0.value > $1.value }
            guard !parts.isEmpty else { continue }
            for (part, s) in parts { lines.append(row("  › \(part.part!)", s)) }
            lines.append(row("  › rest", max(0, seconds - parts.map(\.value).reduce(0, +))))
        }
        lines.append(row("whole step", r.step))
        return lines.joined(separator: "\n") + "\n"
    }
}
