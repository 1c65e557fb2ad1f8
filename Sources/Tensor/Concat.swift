/// Concatenation along the channel axis (the last one) of [N, ..., C_i]
/// tensors whose other dimensions agree.
public enum Concat {
    public static func forward(_ inputs: [Tensor]) -> Tensor {
        precondition(!inputs.isEmpty, "concat: no inputs")
        let first = inputs[0]
        precondition(first.rank >= 2, "concat: input \(first.shape) has no channel axis")
        for t in inputs {
            precondition(t.rank == first.rank && Array(t.shape.dropLast()) == Array(first.shape.dropLast()),
                         "concat: \(t.shape) does not match \(first.shape) outside the channel axis")
        }
        let totalC = inputs.reduce(0) { $0 + $1.shape[$1.rank - 1] }
        var shape = first.shape
        shape[shape.count - 1] = totalC
        var y = Tensor(zeros: shape)
        let rows = first.shape.dropLast().reduce(1, *)
        y.withUnsafeMutableBufferPointer { py in
            var offset = 0
            for t in inputs {
                let c = t.shape[t.rank - 1]
                guard c > 0 else { continue }
                t.withUnsafeBufferPointer { pt in
                    for r in 0..<rows {
                        (py.baseAddress! + r * totalC + offset).update(from: pt.baseAddress! + r * c, count: c)
                    }
                }
                offset += c
            }
        }
        return y
    }

    /// Splits the gradient back into one tensor per input. Saved state: the
    /// inputs' channel counts, in order.
    public static func backward(_ gradOutput: Tensor, channels: [Int]) -> [Tensor] {
        precondition(gradOutput.rank >= 2 && channels.reduce(0, +) == gradOutput.shape[gradOutput.rank - 1]
                     && channels.allSatisfy { $0 >= 0 },
                     "concat backward: channels \(channels) do not add up to \(gradOutput.shape)")
        let totalC = gradOutput.shape[gradOutput.rank - 1]
        let rows = gradOutput.shape.dropLast().reduce(1, *)
        var offset = 0
        return gradOutput.withUnsafeBufferPointer { pg in
            channels.map { c in
                var shape = gradOutput.shape
                shape[shape.count - 1] = c
                var part = Tensor(zeros: shape)
                if c > 0 {
                    part.withUnsafeMutableBufferPointer { pp in
                        for r in 0..<rows {
                            (pp.baseAddress! + r * c).update(from: pg.baseAddress! + r * totalC + offset, count: c)
                        }
                    }
                }
                offset += c
                return part
            }
        }
    }
}
