import Tensor
import Quantization

extension QATLayerOp {
    /// The integer grids of the chosen weight and activation quantizers, once
    /// both sides are fixed: what QuantizeLinear/DequantizeLinear hold. nil
    /// while either side is a mixture, or when a quantizer has no 8-bit grid.
    func deployedGrids(weight w: Tensor, _ wq: [any LearnableQuantizer],
                       _ aq: [any LearnableQuantizer]) -> (weight: QuantParams, activation: QuantParams)? {
        guard case .fixed(let j) = weightSelection, case .fixed(let i) = activationSelection,
              let activation = aq[i].fakeQuantParams,
              let weight = wq[j].fakeQuantParams ?? (wq[j] as? DoReFaWeightQuantizer)?.exportGrid(for: w) else { return nil }
        return (weight, activation)
    }

    /// The bias the layer adds: on the int32 grid s_x·s_w once both sides are
    /// fixed, as integer kernels (and the exported model) add it, so that
    /// fine-tuning and evaluation measure the network that deploys; float
    /// while either side is still a mixture. At 4 bits the grid is coarse
    /// enough to matter: ResNet-20's stem moved by 1% of its output scale,
    /// 10% by the logits. The backward passes the bias gradient straight through.
    func deployedBias(_ b: Tensor, weight w: Tensor, _ wq: [any LearnableQuantizer], _ aq: [any LearnableQuantizer]) -> Tensor {
        guard let grids = deployedGrids(weight: w, wq, aq) else { return b }
        return BiasQuantization.quantized(b, activation: grids.activation, weight: grids.weight)
    }
}
