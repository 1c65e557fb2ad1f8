import SearchEvents

/// The whole UI state: the folded search events plus the view.
public struct ExplorerState: Sendable {
    public var model = SearchModel()
    public var view = ViewState()
    /// Commands that use the finished search's snapshot, shown in the results view.
    public var nextCommands: [String] = []

    public init() {}

    /// Folds one event in and clears any request it answers.
    public mutating func apply(_ event: SearchEvent) {
        model.apply(event)
        switch event {
        case .paused, .resumed:
            view.pendingPause = nil
        case .started:
            clampSelection()
        case .finished:
            view.pendingPause = nil
            view.confirmingQuit = false
            view.showResults = true
            view.showHelp = false
        case .failed:
            view.pendingPause = nil
            view.confirmingQuit = false
        default:
            break
        }
    }

    mutating func clampSelection() {
        let d = model.description
        view.selectedLayer = min(max(view.selectedLayer, 0), max((d?.layers.count ?? 1) - 1, 0))
        view.selectedWeight = min(max(view.selectedWeight, 0), max((d?.weightCandidates.count ?? 1) - 1, 0))
        view.selectedActivation = min(max(view.selectedActivation, 0), max((d?.activationCandidates.count ?? 1) - 1, 0))
    }
}
