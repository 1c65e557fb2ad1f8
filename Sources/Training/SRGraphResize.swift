import Tensor
import NeuralNet

/// Re-targets a fully convolutional graph to another input size: the same
/// nodes and parameters, shapes re-inferred. SR models are built for the
/// training patch size; evaluation runs them on whole photo crops.
public enum SRGraphResize {
    public static func resized(_ graph: Graph, height: Int, width: Int) throws -> Graph {
        let shape = [height, width, graph.inputShape[2]]
        if shape == graph.inputShape { return graph }
        var g = Graph(name: graph.name, inputName: graph.inputName, inputShape: shape)
        // Initializers run once more for the new nodes; their values are replaced below.
        var generator = SeededGenerator(seed: 0)
        for node in graph.nodes.dropFirst() {
            try g.add(node.name, node.op, inputs: node.inputs, generator: &generator)
        }
        g.parameters = graph.parameters
        g.outputName = graph.outputName
        g.inputIsChannelsLast = graph.inputIsChannelsLast
        return g
    }
}
