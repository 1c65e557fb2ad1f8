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

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1.") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1.") }
    }

    func run() throws {
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

        let shapes: [(channels: Int, size: Int, groups: Int)] = [(16, 28, 1), (32, 14, 1), (64, 7, 1), (96, 14, 96)]
        for s in shapes {
            let g = ConvGeometry(inChannels: s.channels, outChannels: s.channels, kernel: 3, padding: 1, groups: s.groups)
            let x = Tensor.randomNormal([batch, s.channels, s.size, s.size], generator: &rng)
            let w = Tensor.randomNormal(g.weightShape, std: 0.1, generator: &rng)
            let bias = Tensor(zeros: [s.channels])
            let y = Convolution.forward(x, weight: w, bias: bias, geometry: g)
            let gy = Tensor.randomNormal(y.shape, generator: &rng)
            let forwardFlops = 2 * Double(y.count) * Double(s.channels / s.groups * 9)
            let label = s.groups == 1 ? "conv3x3 \(s.channels)ch \(s.size)x\(s.size)" : "depthwise3x3 \(s.channels)ch \(s.size)x\(s.size)"
            if let only, !label.contains(only) { continue }
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
