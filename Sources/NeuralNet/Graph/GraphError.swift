import Foundation

public enum GraphError: LocalizedError, Equatable {
    case duplicateNode(String)
    case unknownInput(node: String, input: String)
    case shape(node: String, message: String)
    case unknownNode(String)
    case missingParameter(String)
    case parameterShape(name: String, expected: [Int], found: [Int])

    public var errorDescription: String? {
        switch self {
        case .duplicateNode(let n): return "graph: a node named '\(n)' already exists; pick a unique name"
        case .unknownInput(let node, let input):
            return "graph: node '\(node)' reads '\(input)', which is not defined before it"
        case .shape(let node, let message): return "graph: node '\(node)': \(message)"
        case .unknownNode(let n): return "graph: no node named '\(n)'"
        case .missingParameter(let n): return "checkpoint has no tensor '\(n)'; is it for another model?"
        case .parameterShape(let name, let expected, let found):
            return "checkpoint tensor '\(name)' has shape \(found), the model needs \(expected); is it for another model?"
        }
    }
}
