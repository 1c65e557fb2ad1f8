/// One validation point of a super-resolution training run.
public struct SRHistoryRecord: Sendable, Codable, Equatable {
    public var step: Int
    /// Mean L1 loss over the steps since the previous record.
    public var trainLoss: Double
    public var validationPSNR: Double
    public var validationSSIM: Double
    public var bicubicPSNR: Double
    public var seconds: Double

    public init(step: Int, trainLoss: Double, validationPSNR: Double, validationSSIM: Double, bicubicPSNR: Double,
                seconds: Double) {
        self.step = step
        self.trainLoss = trainLoss
        self.validationPSNR = validationPSNR
        self.validationSSIM = validationSSIM
        self.bicubicPSNR = bicubicPSNR
        self.seconds = seconds
    }
}
