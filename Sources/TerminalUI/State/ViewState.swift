/// What the person is looking at and has selected; independent of the search.
public struct ViewState: Hashable, Sendable {
    public var selectedLayer = 0
    public var target = PinTarget.weights
    public var selectedWeight = 0
    public var selectedActivation = 0
    public var showHelp = false
    /// Compact layouts show the detail view instead of the loss chart.
    public var showDetail = false
    /// The results view in place of the heatmap (shown when the search finishes; `r` toggles).
    public var showResults = false
    public var confirmingQuit = false
    /// `.stop` was sent; the UI leaves when the terminal event arrives.
    public var quitting = false
    /// A pause or resume was sent and its answer has not arrived yet.
    public var pendingPause: Bool?
    /// First layer row shown in the heatmap (kept by the renderer).
    public var heatmapScroll = 0
    /// Screen row → layer index, from the last frame, for mouse clicks.
    public var layerRows: [Int: Int] = [:]

    public init() {}

    public var selectedStrategy: Int {
        get { target == .weights ? selectedWeight : selectedActivation }
        set { if target == .weights { selectedWeight = newValue } else { selectedActivation = newValue } }
    }
}
