import Tensor

/// The machine's limits, measured in the same run as the rows they scale:
/// the FMA peak (a register-only loop of independent FMAs, per core and on
/// all cores at once: the rows' reference) and, for comparison, a large
/// compute-bound oneDNN convolution (3×3, 64 → 64 channels, 56×56, batch 16).
struct PeakMeasurement {
    /// The large convolution's throughput on one core and on all.
    var perCore: Double
    var allCores: Double
    var kernel: String
    /// The FMA loop's: what the cores can do at all.
    var fmaPerCore: Double = 0
    var fmaAllCores: Double = 0

    /// Always oneDNN, whatever backend the rows use: the peak is the machine's.
    static func measure(repetitions: Int) -> PeakMeasurement {
        ConvolutionBackend.$override.withValue(.oneDNN) { measureOneDNN(repetitions: repetitions) }
    }

    private static func measureOneDNN(repetitions: Int) -> PeakMeasurement {
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
        let fmaPerCore = (0..<3).map { _ in OneDNN.fmaPeak(threads: 1) }.max() ?? 0
        let fmaAllCores = (0..<3).map { _ in OneDNN.fmaPeak(threads: all) }.max() ?? 0
        return PeakMeasurement(perCore: perCore, allCores: max(allCores, perCore), kernel: kernel.isEmpty ? "reference" : kernel,
                               fmaPerCore: fmaPerCore, fmaAllCores: fmaAllCores)
    }
}
