import ArgumentParser

@main
struct DQSS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dqss",
        abstract: "Differentiable search for the best quantization strategy of every layer.",
        subcommands: DQSS.allSubcommands
    )

    static func main() async {
        OpenMPWaitPolicy.applyPassiveUnlessSet()
        await main(nil)
    }
}
