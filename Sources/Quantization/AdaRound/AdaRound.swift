import Tensor
import NeuralNet

/// Learned rounding of one layer's weight on a fixed grid (AdaRound, Nagel et
/// al., ICML 2020): instead of rounding every weight to nearest, choose up or
/// down for each so that the layer's output on calibration inputs changes
/// least. The decisions are relaxed to h(V) ∈ [0, 1] and learned with Adam on
///
///     ‖W̃(V)·x − W·x‖² + λ · Σ (1 − |2h(V) − 1|^β)
///
/// where the regulariser, off during the warm-up and with β annealed from 20
/// to 2 after it, drives every h to 0 or 1. The grid (scale, zero point) is
/// the one a calibrator chose: AdaRound changes the rounding, not the range.
public struct AdaRound: Sendable {
    public var options: AdaRoundOptions
    /// A learned rounding whose error exceeds nearest rounding's by this factor has diverged.
    public static let divergenceFactor = 2.0
    /// Samples per call when whole calibration sets go through a layer.
    public static let chunk = 256

    public init(options: AdaRoundOptions = AdaRoundOptions()) {
        precondition(options.problem == nil, "AdaRound: \(options.problem ?? "")")
        self.options = options
    }

    /// Σ (ŷ − y)² over channels, averaged over output positions (batch, and
    /// height and width for a convolution), and its gradient in ŷ.
    public static func reconstructionLoss(_ y: Tensor, target: Tensor) -> (loss: Double, gradient: Tensor) {
        precondition(y.shape == target.shape, "AdaRound: output \(y.shape) vs target \(target.shape)")
        let positions = Double(y.count / Swift.max(1, y.shape.last ?? 1))
        let diff = y - target
        return (diff.dot(diff) / positions, diff * Float(2 / positions))
    }

    /// The layer's outputs for every sample of `inputs`, in chunks.
    public static func outputs(_ layer: some ReconstructionLayer, weight: Tensor, inputs: Tensor) -> Tensor {
        let n = inputs.shape[0]
        var parts: [Float] = []
        var shape: [Int] = [n]
        for start in stride(from: 0, to: n, by: chunk) {
            let y = layer.output(inputs.rows(Array(start..<Swift.min(n, start + chunk))), weight: weight)
            shape = [n] + y.shape.dropFirst()
            parts.append(contentsOf: y.scalars)
        }
        return Tensor(shape: shape, scalars: parts)
    }

    /// The reconstruction error of `weight` over every sample.
    public static func error(_ layer: some ReconstructionLayer, weight: Tensor, inputs: Tensor, targets: Tensor) -> Double {
        let n = inputs.shape[0]
        var total = 0.0
        for start in stride(from: 0, to: n, by: chunk) {
            let rows = Array(start..<Swift.min(n, start + chunk))
            total += reconstructionLoss(layer.output(inputs.rows(rows), weight: weight), target: targets.rows(rows)).loss
                * Double(rows.count)
        }
        return total / Double(Swift.max(1, n))
    }

    /// Learns the rounding of `w` on the grid of `params` so that
    /// `layer(inputs, W̃)` reconstructs `targets` (the float layer's outputs,
    /// on the float network's inputs or on those of a quantized prefix).
    /// `progress(done, total)` is called after every step.
    public func learn(weight w: Tensor, params: QuantParams, layer: some ReconstructionLayer, inputs: Tensor,
                      targets: Tensor, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) -> AdaRoundResult {
        precondition(inputs.shape[0] == targets.shape[0], "AdaRound: \(inputs.shape[0]) inputs for \(targets.shape[0]) targets")
        let relaxation = AdaRoundRelaxation(weight: w, params: params)
        let nearest = relaxation.nearest
        let n = inputs.shape[0]
        guard n >= layer.fanIn else {
            let e = Self.error(layer, weight: nearest, inputs: inputs, targets: targets)
            return AdaRoundResult(weight: nearest, outcome: .tooFewSamples(samples: n, fanIn: layer.fanIn),
                                  nearestError: e, learnedError: e, flipped: 0)
        }
        guard let v = optimize(relaxation, layer: layer, inputs: inputs, targets: targets, progress: progress) else {
            let e = Self.error(layer, weight: nearest, inputs: inputs, targets: targets)
            return AdaRoundResult(weight: nearest, outcome: .diverged(reason: "the loss became non-finite"), nearestError: e,
                                  learnedError: .nan, flipped: 0)
        }
        let learned = relaxation.hard(v)
        let nearestError = Self.error(layer, weight: nearest, inputs: inputs, targets: targets)
        let learnedError = Self.error(layer, weight: learned, inputs: inputs, targets: targets)
        let flipped = zip(learned.scalars, nearest.scalars).reduce(0) { $0 + ($1.0 != $1.1 ? 1 : 0) }
        let outcome: AdaRoundOutcome
        if !learnedError.isFinite || learnedError > Self.divergenceFactor * nearestError {
            outcome = .diverged(reason: "error rose to \(learnedError), nearest rounding gives \(nearestError)")
        } else if learnedError > nearestError {
            outcome = .nearestWasBetter
        } else {
            outcome = .learned
        }
        return AdaRoundResult(weight: outcome == .learned ? learned : nearest, outcome: outcome,
                              nearestError: nearestError, learnedError: learnedError, flipped: outcome == .learned ? flipped : 0)
    }

    /// The rounding variables V after `options.iterations` Adam steps, or nil
    /// once the loss or V is not finite.
    public func optimize(_ relaxation: AdaRoundRelaxation, layer: some ReconstructionLayer, inputs: Tensor, targets: Tensor,
                         progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) -> Tensor? {
        let n = inputs.shape[0]
        var parameters = ["v": relaxation.initialV]
        var adam = Adam()
        var rng = SeededGenerator(seed: options.seed)
        var order: [Int] = []
        let batch = Swift.min(options.batchSize, n)
        for t in 0..<options.iterations {
            // Batches walk through seeded permutations: every sample once per epoch.
            if order.count < batch { order += Self.permutation(n, &rng) }
            let rows = Array(order.prefix(batch))
            order.removeFirst(batch)
            let x = inputs.rows(rows), v = parameters["v"]!
            let soft = relaxation.soft(v)
            let (loss, g) = Self.reconstructionLoss(layer.output(x, weight: soft), target: targets.rows(rows))
            guard loss.isFinite else { return nil }
            let dW = layer.weightGradient(g, input: x, weight: soft)
            let regularizer = options.beta(at: t).map(RoundingRegularizer.init(beta:))
            let dV = relaxation.gradient(dW, at: v, regularizer: regularizer, lambda: options.regularization)
            adam.step(&parameters, gradients: ["v": dV], lr: options.learningRate)
            progress(t + 1, options.iterations)
        }
        let v = parameters["v"]!
        return v.isFinite ? v : nil
    }

    static func permutation(_ n: Int, _ rng: inout SeededGenerator) -> [Int] {
        var p = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, rng.nextInt(below: i + 1)) }
        return p
    }
}
