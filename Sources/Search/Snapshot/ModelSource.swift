/// Where a search's model came from, so a snapshot alone can be evaluated, exported or
/// resumed from any directory. Paths are absolute; the weights' identity is the snapshot's
/// `weightsSHA256`, checked whatever file is loaded.
public struct ModelSource: Sendable, Codable, Equatable {
    /// The ONNX file the model was imported from; nil for a model of the zoo.
    public var onnxFile: String?
    /// The checkpoint a zoo model's weights were read from, when it was given (`--checkpoint`);
    /// nil for the weights dqss ships, which are found again wherever dqss is installed.
    public var checkpoint: String?
    /// `--sr-pad` and `--sr-pad-mode` as given for an ONNX super-resolution
    /// model with unpadded convolutions (nil: inferred again, edge).
    public var srPad: Int?
    public var srPadMode: String?

    public init(onnxFile: String? = nil, checkpoint: String? = nil, srPad: Int? = nil, srPadMode: String? = nil) {
        self.onnxFile = onnxFile
        self.checkpoint = checkpoint
        self.srPad = srPad
        self.srPadMode = srPadMode
    }
}
