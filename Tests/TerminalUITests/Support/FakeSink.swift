import Search
import TerminalUI

/// Drives the key state machine like the UI loop does, recording what would be sent.
struct FakeSink {
    var state: ExplorerState
    var sent: [SearchCommand] = []
    var exited = false

    mutating func press(_ keys: Key...) {
        for k in keys {
            for a in KeyReducer.handle(k, state: &state) {
                switch a {
                case .send(let c): sent.append(c)
                case .exit: exited = true
                }
            }
        }
    }
}
