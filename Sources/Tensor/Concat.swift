/// Concatenation along the channel axis (axis 1) of [N, C_i, ...] tensors
/// whose other dimensions agree.
public enum Concat {
    public static func forward(_ inputs: [Tensor]) -> Tensor {
        precondition(!inputs.isEmpty, "concat: no inputs")
        let first = inputs[0]
        precondition(first.rank >= 2, "concat: input \(first.shape) has no channel axis")
        for t in inputs {
            precondition(t.rank == first.rank && t.shape[0] == first.shape[0]
                         && Array(t.shape.dropFirst(2)) == Array(first.shape.dropFirst(2)),
                         "concat: \(t.shape) does not match \(first.shape) outside the channel axis")
        }
        let n = first.shape[0]
        let totalC = inputs.reduce(0) { $0 + $1.shape[1] }
        var shape = first.shape
        shape[1] = totalC
        var y = Tensor(zeros: shape)
        let plane = first.shape.dropFirst(2).reduce(1, *)
        y.withUnsafeMutableBufferPointer { py in
            var offset = 0
            for t in inputs {
                let block = t.shape[1] * plane
                t.withUnsafeBufferPointer { pt in
                    for b in 0..<n {
                        (py.baseAddress! + b * totalC * plane + offset).update(from: pt.baseAddress! + b * block, count: block)
                    }
                }
                offset += block
            }
        }
        return y
    }

    /// Splits the gradient back into one tensor per input. Saved state: the
    /// inputs' channel counts, in order.
    public static func backward(_ gradOutput: Tensor, channels: [Int]) -> [Tensor] {
        precondition(gradOutput.rank >= 2 && channels.reduce(0, +) == gradOutput.shape[1] && channels.allSatisfy { $0 >= 0 },
                     "concat backward: channels \(channels) do not add up to \(gradOutput.shape)")
        let n = gradOutput.shape[0], totalC = gradOutput.shape[1]
        let plane = gradOutput.shape.dropFirst(2).reduce(1, *)
        var offset = 0
        return gradOutput.withUnsafeBufferPointer { pg in
            channels.map { c in
                var shape = gradOutput.shape
                shape[1] = c
                var part = Tensor(zeros: shape)
                let block = c * plane
                part.withUnsafeMutableBufferPointer { pp in
                    for b in 0..<n {
                        (pp.baseAddress! + b * block).update(from: pg.baseAddress! + b * totalC * plane + offset, count: block)
                    }
                }
                offset += block
                return part
            }
        }
    }
}
