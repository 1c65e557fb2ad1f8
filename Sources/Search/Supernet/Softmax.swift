import Foundation
/// Softmax with temperature over a short vector, and its backward.
public enum Softmax {
    public static func probabilities(_ logits: [Float], temperature tau: Float) -> [Float] {
        let m = logits.max() ?? 0
        let e = logits.map { expf(($0 - m) / tau) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    /// ∂L/∂logits from ∂L/∂p: (1/τ) p_k (g_k − Σ_j p_j g_j).
    public static func backward(probabilities p: [Float], gradient g: [Double], temperature tau: Float) -> [Float] {
        var dot = 0.0
        for k in p.indices { dot += Double(p[k]) * g[k] }
        return p.indices.map { Float(Double(p[$0]) * (g[$0] - dot) / Double(tau)) }
    }
}
