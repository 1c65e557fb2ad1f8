import CBLAS

/// Matrix multiplication through OpenBLAS, on raw row-major buffers.
public enum GEMM {
    /// C[m×n] = alpha · op(A) · op(B) + beta · C, row-major, with leading dimensions
    /// equal to the stored row lengths.
    @inline(__always)
    public static func multiply(
        _ a: UnsafePointer<Float>, transposeA: Bool,
        _ b: UnsafePointer<Float>, transposeB: Bool,
        into c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, beta: Float = 0
    ) {
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
    }

    /// Matrix product of two rank-2 tensors.
    public static func matmul(_ a: Tensor, transposeA: Bool = false, _ b: Tensor, transposeB: Bool = false) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul needs rank-2 tensors, got \(a.shape) and \(b.shape)")
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let kb = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        precondition(k == kb, "matmul inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") × \(b.shape)\(transposeB ? "ᵀ" : "")")
        var c = Tensor(zeros: [m, n])
        if m == 0 || n == 0 { return c }
        if k == 0 { return c }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    multiply(pa.baseAddress!, transposeA: transposeA, pb.baseAddress!, transposeB: transposeB,
                             into: pc.baseAddress!, m: m, n: n, k: k)
                }
            }
        }
        return c
    }

    /// Use one BLAS thread: dqss parallelises over the batch itself, which is
    /// faster on small convolutions than OpenBLAS's own threads.
    public static func useSingleThreadedBLAS() {
        openblas_set_num_threads(1)
    }

    public static func setBLASThreads(_ n: Int) {
        openblas_set_num_threads(Int32(n))
    }
}
