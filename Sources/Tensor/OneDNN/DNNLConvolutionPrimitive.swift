import CDNNL
import Synchronization

/// A oneDNN convolution built for one geometry, batch and input size:
/// forward, backward-data and backward-weights over NHWC activations and
/// OIHW weights. The C object serialises its own executions, so a primitive
/// may be shared between threads.
final class DNNLConvolutionPrimitive: @unchecked Sendable {
    let raw: OpaquePointer
    let key: Key

    struct Key: Hashable, Sendable {
        var geometry: ConvGeometry
        var batch: Int, height: Int, width: Int
        var outHeight: Int, outWidth: Int
        var hasBias: Bool
        /// oneDNN fixes a primitive's thread decomposition when it builds it.
        var threads: Int = OneDNN.threads
    }

    /// oneDNN fell back to its im2col + GEMM forward (it does for few output
    /// channels in NHWC); on large planes that is memory-bound.
    let forwardIsGEMM: Bool

    private init(raw: OpaquePointer, key: Key) {
        self.raw = raw
        self.key = key
        forwardIsGEMM = String(cString: dqss_conv_impl(raw, Pass.forward.rawValue)).contains("gemm")
    }

    deinit { dqss_conv_destroy(raw) }

    /// The primitive for `key`, from the cache or newly built; nil when oneDNN
    /// cannot build one (the caller falls back to the reference path).
    static func make(_ key: Key) -> DNNLConvolutionPrimitive? {
        if ConvolutionBackend.current == .reference { return nil }
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let g = key.geometry
        // oneDNN wants the right padding that makes the output size exact (it
        // may be below the nominal one, or negative, when the stride does not
        // divide the padded input).
        let padBottom = (key.outHeight - 1) * g.strideH + g.dilationH * (g.kernelH - 1) + 1 - key.height - g.padH
        let padRight = (key.outWidth - 1) * g.strideW + g.dilationW * (g.kernelW - 1) + 1 - key.width - g.padW
        var shape = dqss_conv_shape(
            batch: Int64(key.batch), in_channels: Int64(g.inChannels), in_h: Int64(key.height), in_w: Int64(key.width),
            out_channels: Int64(g.outChannels), out_h: Int64(key.outHeight), out_w: Int64(key.outWidth),
            kernel_h: Int64(g.kernelH), kernel_w: Int64(g.kernelW),
            stride_h: Int64(g.strideH), stride_w: Int64(g.strideW),
            pad_top: Int64(g.padH), pad_left: Int64(g.padW), pad_bottom: Int64(padBottom), pad_right: Int64(padRight),
            dilation_h: Int64(g.dilationH), dilation_w: Int64(g.dilationW),
            groups: Int64(g.groups), has_bias: key.hasBias ? 1 : 0)
        var raw: OpaquePointer?
        var message = [CChar](repeating: 0, count: 256)
        let status = dqss_conv_create(&shape, &raw, &message, message.count)
        guard status == 0, let raw else { return nil }
        let primitive = DNNLConvolutionPrimitive(raw: raw, key: key)
        cache.withLock { entries in
            // Geometries come from the model; batch and input sizes vary a
            // little (last batch, eval): a bound keeps hostile inputs from growing it.
            if entries.count >= cacheLimit { entries.removeAll() }
            entries[key] = primitive
        }
        return primitive
    }

    /// Which kernel oneDNN chose for a pass (e.g. "brg:avx2"), for the bench.
    func implementation(_ pass: Pass) -> String {
        String(cString: dqss_conv_impl(raw, pass.rawValue))
    }

    enum Pass: Int32 {
        case forward = 0, backwardData = 1, backwardWeights = 2
    }

    private static let cacheLimit = 512
    private static let cache = Mutex<[Key: DNNLConvolutionPrimitive]>([:])
}
