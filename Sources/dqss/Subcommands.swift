import ArgumentParser

extension DQSS {
    /// Every subcommand, one file each. Add new ones here.
    static let allSubcommands: [any ParsableCommand.Type] = [
        ReplayCommand.self,
    ]
}
