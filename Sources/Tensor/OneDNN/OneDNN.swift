import CDNNL

/// What oneDNN reports about itself on this machine.
public enum OneDNN {
    /// The instruction set its kernels dispatch to on this CPU ("avx2", "avx512_core", ...).
    public static var isa: String { String(cString: dqss_dnnl_isa_name()) }
    public static var version: String { String(cString: dqss_dnnl_version()) }
    /// Threads of its OpenMP runtime (settable, for the bench's one-core peak).
    public static var threads: Int {
        get { Int(dqss_dnnl_max_threads()) }
        set { dqss_dnnl_set_threads(Int32(newValue)) }
    }

    /// The FMA peak (GFLOP/s) of `threads` cores running at once, measured by
    /// a register-only loop in the widest vectors the CPU has; 0 without FMA.
    public static func fmaPeak(threads: Int, iterations: Int = 20_000_000) -> Double {
        dqss_fma_peak_gflops(Int32(threads), iterations)
    }

    /// Cores this process may run on.
    public static var availableCores: Int { Int(dqss_available_cores()) }

    /// The kernel oneDNN picks for each pass of a convolution geometry at this
    /// batch and input size ("" where it could not build one).
    public static func convolutionKernels(_ g: ConvGeometry, batch: Int, height: Int, width: Int)
        -> (forward: String, backwardData: String, backwardWeights: String) {
        let (oh, ow) = g.outputSize(height: height, width: width)
        let key = DNNLConvolutionPrimitive.Key(geometry: g, batch: batch, height: height, width: width,
                                               outHeight: oh, outWidth: ow, hasBias: false)
        guard let p = DNNLConvolutionPrimitive.make(key) else { return ("", "", "") }
        // Backward passes are built on first use: run them once on zeros.
        let x = Tensor(zeros: [batch, height, width, g.inChannels])
        let w = Tensor(zeros: g.weightShape)
        let y = Convolution.forward(x, weight: w, bias: nil, geometry: g)
        _ = Convolution.backward(y, input: x, weight: w, hasBias: false, geometry: g)
        return (p.implementation(.forward), p.implementation(.backwardData), p.implementation(.backwardWeights))
    }
}
