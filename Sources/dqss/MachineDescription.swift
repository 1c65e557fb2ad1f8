import Foundation
import Tensor

/// What the bench ran on: the CPU model, the ISA oneDNN dispatches to, its
/// threads and OpenMP's wait policy (numbers are only comparable with these).
struct MachineDescription {
    var cpuModel: String
    var isa: String
    var oneDNNVersion: String
    var threads: Int
    var waitPolicy: String

    static var current: MachineDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return MachineDescription(cpuModel: model, isa: OneDNN.isa, oneDNNVersion: OneDNN.version,
                                  threads: OneDNN.threads,
                                  waitPolicy: ProcessInfo.processInfo.environment["OMP_WAIT_POLICY"] ?? "default (active)")
    }

    var summary: String {
        "CPU \(cpuModel) · oneDNN \(oneDNNVersion) on \(isa) · \(threads) threads · OMP_WAIT_POLICY \(waitPolicy)"
    }
}
