import Tensor

extension PACTQuantizer {
    /// The plain Swift form of `backward`: what the tests hold the C kernel to.
    public func referenceBackward(_ gradOutput: Tensor, input x: Tensor) -> QuantizerGradients {
        precondition(gradOutput.count == x.count, "PACT backward: gradient \(gradOutput.shape) vs input \(x.shape)")
        var dx = Tensor(zeros: x.shape)
        let a = alpha, lo: Float = signed ? -alpha : 0
        var dAlpha: Double = 0
        x.withUnsafeBufferPointer { px in
            gradOutput.withUnsafeBufferPointer { pg in
                dx.withUnsafeMutableBufferPointer { pd in
                    var start = 0
                    while start < px.count {
                        let stop = Swift.min(start + FakeQuant.blockSize, px.count)
                        var acc: Float = 0
                        for i in start..<stop {
                            let v = px[i], g = pg[i]
                            if v >= a {
                                acc += g
                                pd[i] = 0
                            } else if v < lo {
                                if signed { acc -= g }
                                pd[i] = 0
                            } else {
                                pd[i] = g
                            }
                        }
                        dAlpha += Double(acc)
                        start = stop
                    }
                }
            }
        }
        return QuantizerGradients(input: dx, parameters: [Float(dAlpha)])
    }
}
