/// Playback flags shared between the replay task and the command callback.
struct ReplayControl: Sendable {
    /// What happened to the event the player tried to deliver.
    enum Outcome: Sendable { case delivered, waiting, stopped }

    var paused = false
    var stopRequested = false
}
