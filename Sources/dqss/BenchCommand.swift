import ArgumentParser
import Foundation
import Tensor

/// `dqss bench`: throughput of the numeric kernels on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure sgemm and convolution throughput (GFLOP/s) and print a table."
    )

    @Option(help: "Timed repetitions per row; the median is reported.")
    var repetitions = 7

    @Option(help: "Batch size of the convolution rows.")
    var batch = 64

    @Option(help: "Run only the rows whose name contains this text (sgemm 1024 always runs: it is the reference).")
    var only: String?

    @Flag(help: "Instead of the table, print where a search step's time goes, by op.")
    var profile = false

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1.") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1.") }
    }

    func run() throws {
        if profile {
            for r in try SearchProfile(batch: batch, repetitions: repetitions).run() { print(SearchProfile.render(r)) }
            return
        }
        var rng = SeededGenerator(seed: 1)
        var table = BenchTable(title: "dqss bench (median of \(repetitions), batch \(batch), \(Parallel.workers) workers)")

        // sgemm: one BLAS thread first (the setting the conv workers use), then two.
        var oneThread1024 = 0.0
        for (size, threads) in [(512, 1), (1024, 1), (1024, 2)] {
            if let only, !(size == 1024 && threads == 1), !"sgemm \(size)".contains(only) { continue }
            GEMM.setBLASThreads(threads)
            let a = Tensor.randomNormal([size, size], generator: &rng)
            let b = Tensor.randomNormal([size, size], generator: &rng)
            let seconds = BenchTable.measure(repetitions: repetitions) { _ = GEMM.matmul(a, b) }
            let flops = 2 * pow3(size)
            table.add("sgemm \(size)", threads: threads, seconds: seconds, flops: flops)
            if size == 1024 && threads == 1 { oneThread1024 = flops / seconds / 1e9 }
        }
        GEMM.useSingleThreadedBLAS()
        table.reference = oneThread1024
        table.referenceName = "1-thread sgemm 1024"

        // The classifier stages at 28×28, then the SR shapes that dominate a
        // SRResNet ×4 step on 32×32 patches: its 9×9 head and tail (few
        // channels on one side) and a 3×3 body convolution.
        let shapes: [ConvBenchShape] = [
            .init(inChannels: 16, outChannels: 16, kernel: 3, size: 28, groups: 1, batch: batch),
            .init(inChannels: 32, outChannels: 32, kernel: 3, size: 14, groups: 1, batch: batch),
            .init(inChannels: 64, outChannels: 64, kernel: 3, size: 7, groups: 1, batch: batch),
            .init(inChannels: 96, outChannels: 96, kernel: 3, size: 14, groups: 96, batch: batch),
            .init(inChannels: 32, outChannels: 32, kernel: 3, size: 32, groups: 1, batch: 16),
            .init(inChannels: 3, outChannels: 32, kernel: 9, size: 32, groups: 1, batch: 16),
            .init(inChannels: 32, outChannels: 3, kernel: 9, size: 128, groups: 1, batch: 16),
        ]
        for s in shapes {
            let g = ConvGeometry(inChannels: s.inChannels, outChannels: s.outChannels, kernel: s.kernel,
                                 padding: s.kernel / 2, groups: s.groups)
            let label = s.label(tableBatch: batch)
            if let only, !label.contains(only) { continue }
            let x = Tensor.randomNormal([s.batch, s.inChannels, s.size, s.size], generator: &rng)
            let w = Tensor.randomNormal(g.weightShape, std: 0.1, generator: &rng)
            let bias = Tensor(zeros: [s.outChannels])
            let y = Convolution.forward(x, weight: w, bias: bias, geometry: g)
            let gy = Tensor.randomNormal(y.shape, generator: &rng)
            let forwardFlops = 2 * Double(y.count) * Double(s.inChannels / s.groups * s.kernel * s.kernel)
            let fwd = BenchTable.measure(repetitions: repetitions) {
                _ = Convolution.forward(x, weight: w, bias: bias, geometry: g)
            }
            table.add(label + " fwd", threads: Parallel.workers, seconds: fwd, flops: forwardFlops)
            let both = BenchTable.measure(repetitions: repetitions) {
                _ = Convolution.forward(x, weight: w, bias: bias, geometry: g)
                _ = Convolution.backward(gy, input: x, weight: w, hasBias: true, geometry: g)
            }
            // Backward = input gradient + weight gradient, each as costly as forward.
            table.add(label + " fwd+bwd", threads: Parallel.workers, seconds: both, flops: 3 * forwardFlops)
        }
        print(table.render(), terminator: "")
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            print("Load average at the end: \(load.split(separator: " ").prefix(3).joined(separator: " ")) "
                  + "on \(Parallel.workers) cores (the machine is shared: compare rows of one run).")
        }
        print("Target: conv fwd+bwd ≥ 50% of 1-thread sgemm for the 32 and 64 channel stages.")
        if only == nil || "search".contains(only!) {
            let r = try SearchBench(batch: batch, repetitions: repetitions).run()
            print("\nResNet-20 at 28×28, batch \(batch), BN folded, \(r.candidates.0) weight × \(r.candidates.1) activation candidates (median ms):")
            print(String(format: "  float forward+backward step   %8.1f ms", r.floatStep * 1e3))
            print(String(format: "  DQSS search step              %8.1f ms   %.2f× the float step (target ≤ 1.3×)", r.searchStep * 1e3, r.searchStep / r.floatStep))
            print(String(format: "  naive form (conv per pair)    %8.1f ms   %.1f× the search step", r.naiveStep * 1e3, r.naiveStep / r.searchStep))
        }
    }

    private func pow3(_ n: Int) -> Double { Double(n) * Double(n) * Double(n) }
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
