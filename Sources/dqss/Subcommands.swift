import ArgumentParser

extension DQSS {
    /// Every subcommand, one file each. Add new ones here.
    static let allSubcommands: [any ParsableCommand.Type] = [
        ModelsCommand.self,
        TrainCommand.self,
        TrainSRCommand.self,
        EvalCommand.self,
        QuantizeCommand.self,
        BaselineCommand.self,
        CalibrateCommand.self,
        SearchSubcommand.self,
        ReplayCommand.self,
        ResultsCommand.self,
        ReportCommand.self,
        BenchCommand.self,
        ExportCommand.self,
    ]
}
