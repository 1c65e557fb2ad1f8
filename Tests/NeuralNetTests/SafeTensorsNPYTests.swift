import Foundation
import Testing
import NeuralNet
import Tensor

@Suite("NumPy .npy reader")
struct SafeTensorsNPYTests {
    @Test("versions 1, 2 and 3 and every supported dtype read exactly")
    func versions() throws {
        let f4 = try NPY.read(SafeTensorsTests.fixture("v1-f4.npy"))
        #expect(f4 == Tensor(shape: [2, 3], scalars: [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]))
        let f8 = try NPY.read(SafeTensorsTests.fixture("v2-f8.npy"))
        #expect(f8 == Tensor(shape: [3], scalars: [1.25, Float(-1e-3), 7]))
        let i8 = try NPY.read(SafeTensorsTests.fixture("v3-i8.npy"))
        #expect(i8 == Tensor(shape: [2, 2], scalars: [-3, 4, 5, 1_048_576]))
        let i4 = try NPY.read(SafeTensorsTests.fixture("v1-i4.npy"))
        #expect(i4 == Tensor(shape: [4], scalars: [-2, 0, 9, 2_097_151]))
    }

    @Test("Fortran order, big-endian, bad magic and truncation are typed errors")
    func refusals() throws {
        #expect(throws: NPYError.fortranOrder) { try NPY.read(SafeTensorsTests.fixture("fortran.npy")) }
        #expect(throws: NPYError.unsupportedDType(">f4")) { try NPY.read(SafeTensorsTests.fixture("big-endian.npy")) }
        #expect(throws: NPYError.notNPY) { try NPY.decode(Data("PK\u{3}\u{4}hello world".utf8)) }
        let good = try Data(contentsOf: SafeTensorsTests.fixture("v1-f4.npy"))
        #expect(throws: NPYError.dataSizeMismatch(expectedBytes: 24, actualBytes: 20)) { try NPY.decode(good.dropLast(4)) }
        #expect(throws: NPYError.truncatedHeader) { try NPY.decode(good.prefix(40)) }
        #expect(throws: NPYError.notNPY) { try NPY.decode(Data()) }
        var v9 = good
        v9[6] = 9
        #expect(throws: NPYError.unsupportedVersion(major: 9, minor: 0)) { try NPY.decode(v9) }
    }
}
