/// What the search engine tells its front ends. Codable so a run can be
/// recorded as JSON Lines (`--events FILE`) and replayed into the TUI.
public enum SearchEvent: Sendable, Codable, Equatable {
    /// The search is set up: model, layers, candidates, step budget.
    case started(SearchDescription)
    case phase(SearchPhase)
    /// Calibration progress over the calibration set (batches done / total).
    case calibration(done: Int, total: Int)
    /// Calibrated range of every candidate for one layer (for the detail view).
    case calibratedRanges(LayerRanges)
    case step(StepReport)
    case evaluation(EvaluationReport)
    case pinned(layer: Int, pin: LayerPin)
    case unpinned(layer: Int)
    case paused
    case resumed
    case snapshotWritten(path: String)
    /// A note for the log panel (not an error).
    case message(String)
    /// Terminal events: exactly one of these ends every stream.
    case finished(SearchSummary)
    case failed(message: String)

    public var isTerminal: Bool {
        switch self {
        case .finished, .failed: return true
        default: return false
        }
    }
}

public enum SearchPhase: String, Sendable, Codable, Equatable, CaseIterable {
    case calibrating, warmup, searching, deriving, fineTuning, evaluating, done
}

public enum SearchMode: String, Sendable, Codable, Equatable {
    case ptq, qat
}

public struct LayerInfo: Sendable, Codable, Equatable {
    public var name: String
    /// "conv2d", "depthwise", "convTranspose2d", "linear".
    public var kind: String
    public var weightShape: [Int]
    /// Input activation shape without the batch dimension.
    public var inputShape: [Int]

    public init(name: String, kind: String, weightShape: [Int], inputShape: [Int]) {
        self.name = name
        self.kind = kind
        self.weightShape = weightShape
        self.inputShape = inputShape
    }
}

public struct SearchDescription: Sendable, Codable, Equatable {
    public var model: String
    public var mode: SearchMode
    public var weightBits: Int
    public var activationBits: Int
    public var layers: [LayerInfo]
    public var weightCandidates: [String]
    public var activationCandidates: [String]
    public var totalSteps: Int
    /// "top-1" for classifiers, "PSNR" for super-resolution.
    public var metricName: String

    public init(model: String, mode: SearchMode, weightBits: Int, activationBits: Int, layers: [LayerInfo],
                weightCandidates: [String], activationCandidates: [String], totalSteps: Int, metricName: String) {
        self.model = model
        self.mode = mode
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.layers = layers
        self.weightCandidates = weightCandidates
        self.activationCandidates = activationCandidates
        self.totalSteps = totalSteps
        self.metricName = metricName
    }
}

/// A layer's choice fixed by the user; nil leaves that side to the search.
public struct LayerPin: Sendable, Codable, Equatable, Hashable {
    public var weight: Int?
    public var activation: Int?

    public init(weight: Int? = nil, activation: Int? = nil) {
        self.weight = weight
        self.activation = activation
    }
}

public struct LayerProbabilities: Sendable, Codable, Equatable {
    public var weight: [Float]
    public var activation: [Float]

    public init(weight: [Float], activation: [Float]) {
        self.weight = weight
        self.activation = activation
    }
}

public struct StepReport: Sendable, Codable, Equatable {
    public var step: Int
    public var totalSteps: Int
    public var phase: SearchPhase
    public var loss: Float
    /// Named loss terms (e.g. "task", "distill", "pact-l2") for QAT.
    public var lossTerms: [String: Float]
    public var temperature: Float
    /// One entry per layer, in `SearchDescription.layers` order.
    public var probabilities: [LayerProbabilities]
    public var stepsPerSecond: Double
    public var elapsedSeconds: Double

    public init(step: Int, totalSteps: Int, phase: SearchPhase, loss: Float, lossTerms: [String: Float],
                temperature: Float, probabilities: [LayerProbabilities], stepsPerSecond: Double,
                elapsedSeconds: Double) {
        self.step = step
        self.totalSteps = totalSteps
        self.phase = phase
        self.loss = loss
        self.lossTerms = lossTerms
        self.temperature = temperature
        self.probabilities = probabilities
        self.stepsPerSecond = stepsPerSecond
        self.elapsedSeconds = elapsedSeconds
    }
}

/// A calibrated clipping range for one candidate of one layer.
public struct CandidateRange: Sendable, Codable, Equatable {
    public var candidate: String
    public var low: Float
    public var high: Float

    public init(candidate: String, low: Float, high: Float) {
        self.candidate = candidate
        self.low = low
        self.high = high
    }
}

public struct LayerRanges: Sendable, Codable, Equatable {
    public var layer: Int
    public var weight: [CandidateRange]
    public var activation: [CandidateRange]

    public init(layer: Int, weight: [CandidateRange], activation: [CandidateRange]) {
        self.layer = layer
        self.weight = weight
        self.activation = activation
    }
}

public struct EvaluationReport: Sendable, Codable, Equatable {
    /// "fp", "derived", or a uniform pair such as "uniform aciq/mse".
    public var label: String
    public var metricName: String
    public var value: Double
    /// The search's own objective (e.g. KL to the FP model) on the calibration set.
    public var calibrationObjective: Double?

    public init(label: String, metricName: String, value: Double, calibrationObjective: Double? = nil) {
        self.label = label
        self.metricName = metricName
        self.value = value
        self.calibrationObjective = calibrationObjective
    }
}

public struct SearchSummary: Sendable, Codable, Equatable {
    /// Derived choice per layer: indices into the candidate lists.
    public var weightChoices: [Int]
    public var activationChoices: [Int]
    public var evaluations: [EvaluationReport]
    public var snapshotPath: String?

    public init(weightChoices: [Int], activationChoices: [Int], evaluations: [EvaluationReport], snapshotPath: String?) {
        self.weightChoices = weightChoices
        self.activationChoices = activationChoices
        self.evaluations = evaluations
        self.snapshotPath = snapshotPath
    }
}
