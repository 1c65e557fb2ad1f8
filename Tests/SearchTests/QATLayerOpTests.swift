import Testing
import Tensor
import NeuralNet
import Quantization
import Search
import TestSupport

@Suite("QAT mixed layer")
struct QATLayerOpTests {
    struct Fixture {
        var op: QATLayerOp
        var params: [Tensor]
        var x: Tensor

        init() {
            var rng = SeededGenerator(seed: 9)
            let input = Tensor.randomNormal([2, 4, 4, 2], generator: &rng)
            let g = ConvGeometry(inChannels: 2, outChannels: 3, kernel: 3, padding: 1)
            let w = Tensor.randomNormal(g.weightShape, std: 0.4, generator: &rng)
            x = input
            op = QATLayerOp(layer: .conv(g), hasBias: true,
                            weightQuantizers: QATMethod.allCases.map { $0.makeWeightQuantizer(bits: 4, weights: w) },
                            activationQuantizers: QATMethod.allCases.map { $0.makeActivationQuantizer(bits: 4, sample: input) })
            var p = [w, Tensor.randomNormal([3], generator: &rng),
                     Tensor(shape: [3], scalars: [0.2, -0.1, 0.4]), Tensor(shape: [3], scalars: [-0.3, 0.5, 0.1])]
            let initial = op.initialQuantizerParameters
            for spec in op.parameterSpecs.dropFirst(4) { p.append(initial[spec.name]!) }
            params = p
        }

        func forward(_ p: [Tensor]) -> Tensor {
            op.forward([x], parameters: p, context: ExecutionContext(training: true, temperature: 0.8)).output
        }
    }

    @Test("learnable quantizer parameters are graph parameters, one entry each where a quantizer has any")
    func parameterLayout() {
        let f = Fixture()
        let names = f.op.parameterSpecs.map(\.name)
        #expect(names.prefix(4) == ["weight", "bias", "weight_logits", "act_logits"])
        #expect(names.contains("wq0") && names.contains("wq1") && !names.contains("wq2"))   // DoReFa has none
        #expect(names.contains("aq0") && names.contains("aq1") && !names.contains("aq2"))
    }

    @Test("logit gradients match finite differences")
    func logitGradients() {
        let f = Fixture()
        var rng = SeededGenerator(seed: 10)
        let ctx = ExecutionContext(training: true, temperature: 0.8)
        let result = f.op.forward([f.x], parameters: f.params, context: ctx)
        let r = Tensor.randomNormal(result.output.shape, generator: &rng)
        let g = f.op.backward(BackwardInput(gradOutput: r, inputs: [f.x], output: result.output, parameters: f.params,
                                            saved: result.saved, inputNeedsGradient: [true], context: ctx))
        for k in [2, 3] {
            let check = GradientCheck.maxRelativeError(
                of: { v in var p = f.params; p[k] = v; return f.forward(p) },
                at: f.params[k], projection: r, analytic: g.parameters[k]!, step: 1e-2)
            // Float32 forward passes bound the difference quotient at ~1e-3 (see the PTQ layer's test).
            #expect(check.error < 5e-3, "parameter \(k): \(String(describing: check.worst))")
        }
        #expect(g.inputs[0] != nil && g.parameters[0] != nil)
    }
}
