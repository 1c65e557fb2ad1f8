import ArgumentParser
import NeuralNet

/// `--sr-pad-mode edge|reflect|constant`.
extension InputPadding.Mode: ExpressibleByArgument {}
