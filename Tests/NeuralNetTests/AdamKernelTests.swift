import Testing
import Tensor
import NeuralNet

/// Adam's C kernel against its Swift reference (`Adam.referenceStep`): the
/// same parameters and moments bit for bit over several steps.
@Suite("Adam kernel")
struct AdamKernelTests {
    @Test("steps equal the reference", arguments: [0, 1, 7, 17, 1029, 1_000_003])
    func matchesReference(count: Int) {
        for (decay, decoupled) in [(Float(0), false), (0.01, false), (0.05, true)] {
            var rng = SeededGenerator(seed: UInt64(count))
            var fast = ["w": Tensor.randomNormal([count], generator: &rng)], reference = fast
            var a = Adam(weightDecay: decay, decoupledWeightDecay: decoupled), b = a
            for step in 0..<4 {
                let g = ["w": Tensor.randomNormal([count], std: Float(step + 1), generator: &rng)]
                a.step(&fast, gradients: g, lr: 0.01)
                b.referenceStep(&reference, gradients: g, lr: 0.01)
            }
            #expect(fast["w"]!.scalars.map(\.bitPattern) == reference["w"]!.scalars.map(\.bitPattern))
            #expect(a.state["w.m"] == b.state["w.m"] && a.state["w.v"] == b.state["w.v"] && a.state["w.t"] == b.state["w.t"])
        }
    }
}
