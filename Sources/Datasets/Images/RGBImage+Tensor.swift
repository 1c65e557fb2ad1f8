import Tensor

extension RGBImage {
    /// The channel-planar samples for `channels`: RGB planes, or the Y plane.
    public func planes(_ channels: ImageChannels) -> [Float] {
        channels == .rgb ? pixels : luma()
    }

    /// [1, H, W, C] with C = 3 for RGB and 1 for Y.
    public func tensor(channels: ImageChannels) -> Tensor {
        channels == .rgb ? tensor : Tensor(shape: [1, height, width, 1], scalars: luma())
    }
}
