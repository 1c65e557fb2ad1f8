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
