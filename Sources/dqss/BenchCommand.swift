import ArgumentParser
import Foundation
import Tensor

/// `dqss bench`: the machine's own convolution peak, and every kernel and
/// step of the engine as a fraction of it, measured in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the machine's peak, the engine's kernels and steps against it, and print a table."
    )

    @Option(help: "Timed repetitions per row; the median is reported.")
    var repetitions = 7

    @Option(help: "Batch size of the convolution rows.")
    var batch = 64

    @Option(help: "Run only the rows whose name contains this text (the peak always runs: it is the reference).")
    var only: String?

    @Flag(help: "Instead of the table, print where a search step's time goes, by op.")
    var profile = false

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1.") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1.") }
    }

    func selected(_ name: String) -> Bool { only.map { name.contains($0) } ?? true }

    func run() throws {
        if profile {
            for r in try SearchProfile(batch: batch, repetitions: repetitions).run() { print(SearchProfile.render(r)) }
            return
        }
        var rng = SeededGenerator(seed: 1)
        let cores = OneDNN.availableCores
        print(MachineDescription.current.summary)
        let peak = PeakMeasurement.measure(repetitions: repetitions)
        print(String(format: "Peak, FMA loop: %.1f GFLOP/s on 1 core, %.1f on %d (the reference below)",
                     peak.fmaPerCore, peak.fmaAllCores, cores))
        print(String(format: "Large oneDNN 3×3 conv 64→64ch 56×56 b16, forward: %.1f GFLOP/s on 1 core, %.1f on %d (kernel %@)",
                     peak.perCore, peak.allCores, cores, peak.kernel))
        var table = BenchTable(title: "dqss bench (median of \(repetitions); backend \(ConvolutionBackend.current.rawValue))",
                               referenceName: "the measured \(cores)-core FMA peak")
        table.reference = peak.fmaAllCores > 0 ? peak.fmaAllCores : peak.allCores

        // OpenBLAS, for context: the im2col reference path runs on it.
        if selected("sgemm") {
            for threads in [1, cores] {
                GEMM.setBLASThreads(threads)
                let a = Tensor.randomNormal([1024, 1024], generator: &rng)
                let b = Tensor.randomNormal([1024, 1024], generator: &rng)
                let seconds = BenchTable.measure(repetitions: repetitions) { _ = GEMM.matmul(a, b) }
                table.add("sgemm 1024 (OpenBLAS)", threads: threads, seconds: seconds, flops: 2 * 1024 * 1024 * 1024)
            }
            GEMM.useSingleThreadedBLAS()
        }

        // The classifier stages at 28×28, a depthwise layer, then the SR shapes
        // that dominate a SRResNet ×4 step on 32×32 patches.
        let shapes: [ConvBenchShape] = [
            .init(inChannels: 16, outChannels: 16, kernel: 3, size: 28, groups: 1, batch: batch),
            .init(inChannels: 32, outChannels: 32, kernel: 3, size: 14, groups: 1, batch: batch),
            .init(inChannels: 64, outChannels: 64, kernel: 3, size: 7, groups: 1, batch: batch),
            .init(inChannels: 96, outChannels: 96, kernel: 3, size: 14, groups: 96, batch: batch),
            .init(inChannels: 32, outChannels: 32, kernel: 3, size: 32, groups: 1, batch: 16),
            .init(inChannels: 3, outChannels: 32, kernel: 9, size: 32, groups: 1, batch: 16),
            .init(inChannels: 32, outChannels: 3, kernel: 9, size: 128, groups: 1, batch: 16),
        ]
        var kernels: [String] = []
        for s in shapes {
            let label = s.label(tableBatch: batch)
            guard selected(label) else { continue }
            let g = ConvGeometry(inChannels: s.inChannels, outChannels: s.outChannels, kernel: s.kernel,
                                 padding: s.kernel / 2, groups: s.groups)
            let k = OneDNN.convolutionKernels(g, batch: s.batch, height: s.size, width: s.size)
            kernels.append("  \(label): forward \(k.forward), backward data \(k.backwardData), backward weights \(k.backwardWeights)")
            let x = Tensor.randomNormal([s.batch, s.size, s.size, s.inChannels], generator: &rng)
            let w = Tensor.randomNormal(g.weightShape, std: 0.1, generator: &rng)
            let bias = Tensor(zeros: [s.outChannels])
            let y = Convolution.forward(x, weight: w, bias: bias, geometry: g)
            let gy = Tensor.randomNormal(y.shape, generator: &rng)
            let forwardFlops = 2 * Double(y.count) * Double(s.inChannels / s.groups * s.kernel * s.kernel)
            let fwd = BenchTable.measure(repetitions: repetitions) {
                _ = Convolution.forward(x, weight: w, bias: bias, geometry: g)
            }
            table.add(label + " fwd", threads: cores, seconds: fwd, flops: forwardFlops)
            let both = BenchTable.measure(repetitions: repetitions) {
                _ = Convolution.forward(x, weight: w, bias: bias, geometry: g)
                _ = Convolution.backward(gy, input: x, weight: w, hasBias: true, geometry: g)
            }
            // Backward = input gradient + weight gradient, each as costly as forward.
            table.add(label + " fwd+bwd", threads: cores, seconds: both, flops: 3 * forwardFlops,
                      target: s.groups == 1 ? 0.70 : 0.35)
        }

        var steps: SearchBench.Result?
        if selected("search") || selected("step") {
            let r = try SearchBench(batch: batch, repetitions: repetitions).run()
            table.add("resnet20 float fwd+bwd step b\(batch)", threads: cores, seconds: r.floatStep,
                      flops: r.floatStepFlops, target: 0.50)
            steps = r
        }
        var training: [TrainingBench.Result] = []
        if selected("train") {
            training = try TrainingBench(repetitions: max(3, repetitions / 2)).run()
            for t in training {
                table.add("\(t.model) training step b\(t.batch)", threads: cores, seconds: t.seconds, flops: t.flops)
            }
        }
        print(table.render(), terminator: "")
        if !kernels.isEmpty, ConvolutionBackend.current == .oneDNN {
            print("oneDNN kernels:\n" + kernels.joined(separator: "\n"))
        }

        if let r = steps {
            print("\nResNet-20 at 28×28, batch \(batch), BN folded, \(r.candidates.0) weight × \(r.candidates.1) activation candidates, KL distillation (median ms):")
            print(String(format: "  float forward+backward step   %8.1f ms   %.0f%% of peak (target ≥ 50%%)",
                         r.floatStep * 1e3, 100 * r.floatStepFlops / r.floatStep / 1e9 / (table.reference ?? 1)))
            print(String(format: "  DQSS search step              %8.1f ms   %.2f× the float step (target ≤ 1.25×)",
                         r.searchStep * 1e3, r.searchStep / r.floatStep))
            print(String(format: "  naive form (conv per pair)    %8.1f ms   %.1f× the search step", r.naiveStep * 1e3, r.naiveStep / r.searchStep))
            print("  reference, PyTorch 2.15 CPU, 2 threads, same workload (AMD EPYC Zen 5, AVX-512, measured 2026-12-01):")
            print("    float step 38–40 ms, DQSS search step 166–171 ms (not run here)")
        }
        if !training.isEmpty {
            print("\nFP training throughput (forward, backward, Adam):")
            for t in training {
                print(String(format: "  %-12@ %8.1f %@/s   (%.1f ms per step of %d)", t.model, t.itemsPerSecond, t.unit, t.seconds * 1e3, t.batch))
            }
        }
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            print("\nLoad average at the end: \(load.split(separator: " ").prefix(3).joined(separator: " ")) "
                  + "on \(cores) cores (the machine is shared: compare rows of one run).")
        }
    }
}

/// One convolution row of `dqss bench`.
private struct ConvBenchShape {
    var inChannels, outChannels, kernel, size, groups, batch: Int

    /// Names the batch only where it differs from the table's.
    func label(tableBatch: Int) -> String {
        let channels = inChannels == outChannels ? "\(inChannels)ch" : "\(inChannels)→\(outChannels)ch"
        let kind = groups == 1 ? "conv" : "depthwise"
        return "\(kind)\(kernel)x\(kernel) \(channels) \(size)x\(size)" + (batch == tableBatch ? "" : " b\(batch)")
    }
}
