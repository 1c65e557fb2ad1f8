import Foundation
import NeuralNet

/// The input padding a super-resolution graph of unpadded convolutions needs
/// so that it maps an H×W image to exactly s·H × s·W. Measured from the
/// graph's shapes at two input sizes: output = s·input − shortfall, and a
/// padding of p pixels per side adds 2·s·p to the output.
public enum SRInputPadding {
    public enum Failure: LocalizedError, Equatable {
        /// The output does not grow by a whole factor 2…4 with the input on both axes alike.
        case notMeasurable(String)
        /// The shortfall is no multiple of 2·scale, or differs between H and W.
        case uneven(scale: Int, height: Int, width: Int)
        /// A given padding does not make the output scale × input.
        case wrongPadding(given: Int, scale: Int, shortfall: Int)
        /// A padding was given for a model whose output is already scale × input.
        case notNeeded(given: Int)

        public var errorDescription: String? {
            switch self {
            case .notMeasurable(let why):
                return "the super-resolution model's padding cannot be inferred (\(why)); give it with --sr-pad N"
            case .uneven(let s, let h, let w):
                return "the model's output falls short of \(s)× its input by \(h) pixels in height and \(w) in width; symmetric input padding fills only equal multiples of \(2 * s), so this model is not supported as it is"
            case .wrongPadding(let given, let s, let d):
                let fit = d % (2 * s) == 0 ? "--sr-pad \(d / (2 * s))" : "no symmetric padding"
                return "--sr-pad \(given) does not fit: the model's output falls short of \(s)× its input by \(d) pixels per axis, which \(fit) fills"
            case .notNeeded(let given):
                return "--sr-pad \(given) is not needed: the model's output is already a whole multiple of its input; drop --sr-pad"
            }
        }
    }

    /// The scale and the shortfall (pixels per axis) of `graph`, a map of
    /// [H, W, C] to [h, w, C]; nil when its output is already scale × input.
    public static func shortfall(of graph: Graph) throws(Failure) -> (scale: Int, pixels: Int)? {
        let input = graph.inputShape, output = graph.outputShape
        guard input.count == 3, output.count == 3 else { throw .notMeasurable("it does not map images to images") }
        let larger: Graph
        do {
            larger = try SRGraphResize.resized(graph, height: input[0] + 1, width: input[1] + 1)
        } catch {
            throw .notMeasurable("it does not build at another input size")
        }
        let sh = larger.outputShape[0] - output[0], sw = larger.outputShape[1] - output[1]
        guard sh == sw, (2...4).contains(sh) else {
            throw .notMeasurable("one more input pixel adds \(sh)×\(sw) output pixels, not a scale of 2, 3 or 4")
        }
        let dh = sh * input[0] - output[0], dw = sh * input[1] - output[1]
        if dh == 0 && dw == 0 { return nil }
        guard dh == dw, dh > 0, dh % (2 * sh) == 0 else { throw .uneven(scale: sh, height: dh, width: dw) }
        return (sh, dh)
    }

    /// Pixels per side that make `graph`'s output exactly scale × input:
    /// `given` when it fits, else the one inferred. Nil when none is needed.
    public static func pixels(for graph: Graph, given: Int? = nil) throws(Failure) -> Int? {
        guard let (s, d) = try shortfall(of: graph) else {
            if let given { throw .notNeeded(given: given) }
            return nil
        }
        let needed = d / (2 * s)
        if let given, given != needed { throw .wrongPadding(given: given, scale: s, shortfall: d) }
        return needed
    }
}
