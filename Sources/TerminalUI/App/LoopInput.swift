import SearchEvents

/// Everything the UI loop reacts to, merged into one stream so a single task
/// owns ncurses.
enum LoopInput: Sendable {
    case event(SearchEvent)
    case streamEnded
    case tick
    case signal(Int32)
}
