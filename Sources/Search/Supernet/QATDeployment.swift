import Tensor
import NeuralNet
import Quantization

/// Turns a trained quantization-aware network with a fixed strategy into the
/// deployable form the exporter writes: every QAT layer becomes an ordinary
/// quantized layer over its one chosen weight and activation quantizer, with
/// the learned parameters (LSQ steps, PACT clips) as fixed scales and the
/// weight quantized once. Its bias sits on the int32 grid s_x·s_w that integer
/// kernels add, as it already does in the QAT forward of a fixed layer.
public enum QATDeployment {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case softSelection(layer: String)
        case noIntegerGrid(layer: String, quantizer: String)

        public var description: String {
            switch self {
            case .softSelection(let l):
                "layer \(l) is still a soft mixture: apply a strategy before deploying"
            case .noIntegerGrid(let l, let q):
                "layer \(l): its \(q) quantizer has no grid that 8-bit QuantizeLinear can hold"
            }
        }
    }

    public static func graph(from trained: Graph) throws -> Graph {
        var g = trained
        var generator = SeededGenerator(seed: 0)
        for node in trained.nodes {
            guard let op = node.op as? QATLayerOp else { continue }
            let specs = op.parameterSpecs
            let p = specs.map { trained.parameters[node.parameterName($0)]! }
            let deployed = try layer(op, parameters: p, name: node.name)
            for spec in specs { g.parameters[node.parameterName(spec)] = nil }
            g.parameters["\(node.name).weight"] = p[0]
            if op.hasBias { g.parameters["\(node.name).bias"] = p[1] }
            try g.replaceOp(of: node.name, with: deployed, generator: &generator)
        }
        return g
    }

    static func layer(_ op: QATLayerOp, parameters p: [Tensor], name: String) throws -> QuantizedLayerOp {
        guard case .fixed(let j) = op.weightSelection, case .fixed(let i) = op.activationSelection else {
            throw Failure.softSelection(layer: name)
        }
        let wq = op.quantizers(op.weightQuantizers, op.weightQuantizerIndex, p)
        let aq = op.quantizers(op.activationQuantizers, op.activationQuantizerIndex, p)
        let w = p[0]
        guard let (weight, activation) = op.deployedGrids(weight: w, wq, aq) else {
            let which = aq[i].fakeQuantParams == nil ? "activation \(type(of: aq[i]))" : "weight \(type(of: wq[j]))"
            throw Failure.noIntegerGrid(layer: name, quantizer: which)
        }
        return QuantizedLayerOp(layer: op.layer, hasBias: op.hasBias, weightCandidates: [weight],
                                activationCandidates: [activation], weightSelection: .fixed(0),
                                activationSelection: .fixed(0), frozenQuantizedWeights: [wq[j].forward(w)])
    }
}
