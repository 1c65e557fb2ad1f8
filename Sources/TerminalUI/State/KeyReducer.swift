import SearchEvents

/// The key-handling state machine: state + key → new state + actions.
/// No terminal and no I/O, so every binding is testable.
public enum KeyReducer {
    public static func reduce(_ state: ExplorerState, _ key: Key) -> (ExplorerState, [KeyAction]) {
        var s = state
        let actions = handle(key, state: &s)
        return (s, actions)
    }

    public static func handle(_ key: Key, state s: inout ExplorerState) -> [KeyAction] {
        // Modal prompts first: they swallow every other key.
        if s.view.confirmingQuit {
            switch key {
            case .character("y"), .character("Y"):
                s.view.confirmingQuit = false
                if s.model.isOver { return [.exit] }
                s.view.quitting = true
                s.model.note(.info, "stopping the search… (q again leaves without waiting)")
                return [.send(.stop)]
            case .character("n"), .character("N"), .escape, .character("q"):
                s.view.confirmingQuit = false
            default:
                break
            }
            return []
        }
        if s.view.showHelp {
            if key != .character("?") && key != .escape && key != .character("q") && key != .enter { return [] }
            s.view.showHelp = false
            return []
        }

        let layers = s.model.layerCount
        switch key {
        case .character("q"), .character("Q"):
            if s.model.isOver || s.view.quitting { return [.exit] }
            s.view.confirmingQuit = true
        case .character("?"):
            s.view.showHelp = true
        case .character(" "):
            guard running(s) else { return [] }
            let paused = s.view.pendingPause ?? s.model.isPaused
            s.view.pendingPause = !paused
            return [.send(paused ? .resume : .pause)]
        case .up, .character("k"):
            s.view.selectedLayer = max(0, s.view.selectedLayer - 1)
        case .down, .character("j"):
            s.view.selectedLayer = min(max(layers - 1, 0), s.view.selectedLayer + 1)
        case .pageUp:
            s.view.selectedLayer = max(0, s.view.selectedLayer - 10)
        case .pageDown:
            s.view.selectedLayer = min(max(layers - 1, 0), s.view.selectedLayer + 10)
        case .home, .character("g"):
            s.view.selectedLayer = 0
        case .end, .character("G"):
            s.view.selectedLayer = max(layers - 1, 0)
        case .left, .character("h"):
            s.view.selectedStrategy = max(0, s.view.selectedStrategy - 1)
        case .right, .character("l"):
            s.view.selectedStrategy = min(max(candidateCount(s) - 1, 0), s.view.selectedStrategy + 1)
        case .character("w"):
            s.view.target = .weights
        case .character("a"):
            s.view.target = .activations
        case .character("r"):
            guard s.model.summary != nil else { return [] }
            s.view.showResults.toggle()
        case .character("d"), .enter:
            s.view.showDetail.toggle()
        case .character("p"):
            return pin(&s)
        case .character("u"):
            return unpin(&s)
        case .character("s"):
            guard running(s) else { return [] }
            s.model.note(.info, "snapshot requested")
            return [.send(.snapshot(path: nil))]
        case .character("e"):
            guard running(s) else { return [] }
            s.model.note(.info, "evaluation requested")
            return [.send(.evaluate)]
        case .click(_, let y):
            if let layer = s.view.layerRows[y] { s.view.selectedLayer = layer }
        default:
            break
        }
        return []
    }

    private static func candidateCount(_ s: ExplorerState) -> Int {
        guard let d = s.model.description else { return 0 }
        return s.view.target == .weights ? d.weightCandidates.count : d.activationCandidates.count
    }

    /// Commands only make sense while a search is running.
    private static func running(_ s: ExplorerState) -> Bool {
        if s.model.isOver {
            return false
        }
        return s.model.description != nil && !s.view.quitting
    }

    /// Pins the target side to the selected strategy, keeping the other side's pin.
    private static func pin(_ s: inout ExplorerState) -> [KeyAction] {
        guard running(s), s.model.layerCount > 0, candidateCount(s) > 0 else { return [] }
        let layer = s.view.selectedLayer
        var pin = s.model.pins[layer] ?? LayerPin()
        if s.view.target == .weights { pin.weight = s.view.selectedWeight } else { pin.activation = s.view.selectedActivation }
        s.model.note(.info, "pin \(s.model.layerName(layer)) \(s.model.describe(pin)) requested")
        return [.send(.pin(layer: layer, pin: pin))]
    }

    /// Unpins the target side; the other side stays pinned if it was.
    private static func unpin(_ s: inout ExplorerState) -> [KeyAction] {
        guard running(s), s.model.layerCount > 0 else { return [] }
        let layer = s.view.selectedLayer
        guard var pin = s.model.pins[layer],
              (s.view.target == .weights ? pin.weight : pin.activation) != nil else {
            s.model.note(.info, "\(s.model.layerName(layer)) \(s.view.target.rawValue) are not pinned")
            return []
        }
        if s.view.target == .weights { pin.weight = nil } else { pin.activation = nil }
        s.model.note(.info, "unpin \(s.model.layerName(layer)) \(s.view.target.rawValue) requested")
        if pin.weight == nil && pin.activation == nil { return [.send(.unpin(layer: layer))] }
        return [.send(.pin(layer: layer, pin: pin))]
    }
}
