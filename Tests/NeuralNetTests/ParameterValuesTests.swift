import Foundation
import Testing
import NeuralNet
import Tensor

@Suite("Loaded weight checks")
struct ParameterValuesTests {
    @Test("finite, moderate weights and non-negative variances pass")
    func accepted() throws {
        try ParameterValues.validate(["conv.weight": Tensor(shape: [3], scalars: [-2, 0, 1e6]),
                                      "bn.running_var": Tensor(shape: [2], scalars: [0, 4])], source: "m")
    }

    @Test("NaN, 3e38 and a negative running variance are refused, naming the parameter")
    func refused() {
        #expect(throws: ParameterValueError(source: "m", parameter: "a", problem: .nonFinite(index: 1))) {
            try ParameterValues.validate(["a": Tensor(shape: [2], scalars: [0, .nan])], source: "m")
        }
        #expect(throws: ParameterValueError(source: "m", parameter: "a", problem: .tooLarge(index: 0, value: 3e38))) {
            try ParameterValues.validate(["a": Tensor(shape: [1], scalars: [3e38])], source: "m")
        }
        #expect(throws: ParameterValueError(source: "m", parameter: "bn.running_var", problem: .negativeVariance(index: 0, value: -1))) {
            try ParameterValues.validate(["bn.running_var": Tensor(shape: [1], scalars: [-1])], source: "m")
        }
    }
}
