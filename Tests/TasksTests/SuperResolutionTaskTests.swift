import Foundation
import Testing
import Tensor
import Datasets
import Tasks

@Suite("Super-resolution search task")
struct SuperResolutionTaskTests {
    static func photo(_ seed: UInt64, side: Int = 40) -> RGBImage {
        var rng = SeededGenerator(seed: seed)
        return RGBImage(width: side, height: side,
                        pixels: Tensor.randomUniform([3 * side * side], low: 0, high: 1, generator: &rng).scalars)
    }

    static func task(_ objective: SRDistillation = .lumaMSE) -> SuperResolutionTask {
        SuperResolutionTask(trainingPhotos: [photo(1), photo(2)], photos: [("a", photo(3))], scale: 2, patchSize: 8,
                            calibrationCount: 5, seed: 0, objective: objective)
    }

    @Test("calibration patches are LR crops of the graph's input size, the same for the same seed")
    func calibrationPatches() {
        let t = Self.task()
        #expect(t.calibrationInputs.shape == [5, 8, 8, 3])
        #expect(t.calibrationInputs == Self.task().calibrationInputs)
    }

    @Test("luma MSE (the default) ignores the border and chroma-only changes, which L1 on RGB counts")
    func lumaObjective() {
        var rng = SeededGenerator(seed: 4)
        let teacher = Tensor.randomUniform([2, 16, 16, 3], low: 0.2, high: 0.8, generator: &rng)
        var student = teacher
        // A pixel in the 2-pixel border (row 1, column 0), changed in every channel.
        for c in 0..<3 { student[flat: (1 * 16 + 0) * 3 + c] += 0.3 }
        // An inner pixel changed along a direction that keeps Y: ΔR·65.481 + ΔG·128.553 + ΔB·24.966 = 0.
        let i = (8 * 16 + 8) * 3  // R of image 0's pixel (8, 8); G is the next value
        student[flat: i] += 0.1
        student[flat: i + 1] -= 0.1 * 65.481 / 128.553
        let luma = Self.task(.lumaMSE).distillation(student: student, teacher: teacher)
        let l1 = Self.task(.l1).distillation(student: student, teacher: teacher)
        #expect(luma.loss < 1e-10)
        #expect(l1.loss > 1e-4)
        // A change of Y inside the border is seen.
        var moved = teacher
        moved[flat: (5 * 16 + 5) * 3] += 0.1
        #expect(Self.task().distillation(student: moved, teacher: teacher).loss > 1e-6)
    }
}
