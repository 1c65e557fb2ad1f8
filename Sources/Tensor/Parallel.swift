import CDNNL
import Dispatch

/// Splits a batch across the machine's cores. Each worker calls single-threaded
/// BLAS: on small convolutions that beats one multi-threaded BLAS call.
public enum Parallel {
    /// Number of workers used for batch-parallel kernels.
    public static let workers: Int = {
        GEMM.useSingleThreadedBLAS()
        return max(1, min(ProcessInfoCores.count, 8))
    }()

    /// Calls `body(worker, range)` for contiguous slices of 0..<count, in parallel.
    public static func forEachSlice(count: Int, minimumPerWorker: Int = 1,
                                    _ body: (_ worker: Int, _ range: Range<Int>) -> Void) {
        let w = max(1, min(workers, count / max(1, minimumPerWorker)))
        if w == 1 {
            body(0, 0..<count)
            return
        }
        // The workers touch disjoint slices (the caller's contract), and
        // concurrentPerform returns only after all of them finish, so the
        // non-escaping body may be shared for the duration of this call.
        withoutActuallyEscaping(body) { escapable in
            let shared = UncheckedSendableBox(escapable)
            DispatchQueue.concurrentPerform(iterations: w) { i in
                let lo = count * i / w
                let hi = count * (i + 1) / w
                if lo < hi { shared.value(i, lo..<hi) }
            }
        }
    }
}

/// Carries a value across the worker boundary of `Parallel.forEachSlice`.
private struct UncheckedSendableBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The cores this process may use: its CPU affinity mask (taskset, cgroup
/// cpusets), which is also what oneDNN's OpenMP runtime sizes itself to.
enum ProcessInfoCores {
    static var count: Int { Int(dqss_available_cores()) }
}
