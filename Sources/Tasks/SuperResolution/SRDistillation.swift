/// What a super-resolution search distils towards the float model's output.
public enum SRDistillation: String, Sendable, Codable, CaseIterable {
    /// Mean squared error of luma (BT.601 Y) inside a border of `scale`
    /// pixels: the quantity PSNR on Y — the test metric — is a function of.
    case lumaMSE = "luma-mse"
    /// Mean absolute error over the RGB output (the usual SR training loss).
    /// On EDSR ×2 at W4A4 it ranked the uniform strategies differently from
    /// PSNR on Y (RGB errors that cancel in luma count against a strategy),
    /// so it is no longer the default.
    case l1
    /// −mean PSNR on luma over the samples (per-sample log MSE inside the
    /// border): the test metric's own averaging. At ×4 the pooled luma MSE
    /// ranked uniform strategies unlike mean PSNR on the photos.
    case lumaPSNR = "luma-psnr"
}
