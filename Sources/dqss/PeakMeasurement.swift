import Tensor

/// The machine's attainable convolution throughput, measured in the same run
/// as the rows it scales: a large, compute-bound oneDNN convolution (3×3,
/// 64 → 64 channels, 56×56, batch 16, forward) on one core and on all.
struct PeakMeasurement {
    var perCore: Double
    var allCores: Double
    var kernel: String

    static func measure(repetitions: Int) -> PeakMeasurement {
        var rng = SeededGenerator(seed: 99)
        let g = ConvGeometry(inChannels: 64, outChannels: 64, kernel: 3, padding: 1)
        let x = Tensor.randomNormal([16, 56, 56, 64], generator: &rng)
        let w = Tensor.randomNormal(g.weightShape, std: 0.05, generator: &rng)
        let flops = 2.0 * 16 * 56 * 56 * 64 * 64 * 9
        func rate() -> Double {
            flops / BenchTable.measure(repetitions: repetitions) { _ = Convolution.forward(x, weight: w, bias: nil, geometry: g) } / 1e9
        }
        let all = OneDNN.threads
        let allCores = rate()
        OneDNN.threads = 1
        let perCore = rate()
        OneDNN.threads = all
        let kernel = OneDNN.convolutionKernels(g, batch: 16, height: 56, width: 56).forward
        return PeakMeasurement(perCore: perCore, allCores: max(allCores, perCore), kernel: kernel.isEmpty ? "reference" : kernel)
    }
}
