import ArgumentParser

@main
struct DQSS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dqss",
        abstract: "Differentiable search for the best quantization strategy of every layer.",
        discussion: """
            dqss finds what it ships (the trained checkpoints models/MODEL.safetensors, the evaluation photos \
            photos/ and the demo recording demo-events.jsonl) in $DQSS_HOME when that is set, else in \
            PREFIX/share/dqss beside an installed PREFIX/bin/dqss, else in the Assets/ folder of the \
            repository whose build folder holds the executable. --checkpoint, --photos and --events name \
            files directly. Outputs (runs/...) go under the current directory. A search snapshot names its \
            model, weights and bits, so eval, export and search --resume need only the snapshot.
            """,
        subcommands: DQSS.allSubcommands
    )

    static func main() async {
        OpenMPWaitPolicy.applyPassiveUnlessSet()
        await main(nil)
    }
}
