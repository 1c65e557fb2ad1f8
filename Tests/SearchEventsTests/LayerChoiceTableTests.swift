import Testing
import SearchEvents

@Suite struct LayerChoiceTableTests {
    static let description = SearchDescription(
        model: "sr", mode: .ptq, weightBits: 4, activationBits: 4,
        layers: [LayerInfo(name: "head.conv", kind: "conv2d", weightShape: [1], inputShape: [1]),
                 LayerInfo(name: "upsample.deconv", kind: "convTranspose2d", weightShape: [1], inputShape: [1]),
                 LayerInfo(name: "stage3.block2.shortcut.projection.conv", kind: "depthwise", weightShape: [1], inputShape: [1])],
        weightCandidates: ["minmax", "percentile"], activationCandidates: ["minmax", "kl"], totalSteps: 10, metricName: "PSNR")

    @Test("a transposed convolution's kind and a long layer name stay apart from the next column")
    func columnsNeverTouch() {
        let summary = SearchSummary(weightChoices: [0, 1, 1], activationChoices: [1, 0, 1], evaluations: [], snapshotPath: nil)
        let lines = LayerChoiceTable(summary: summary, description: Self.description).lines
        #expect(lines.count == 4)
        #expect(lines[2].split(separator: " ", omittingEmptySubsequences: true)
                == ["upsample.deconv", "convTranspose2d", "percentile", "minmax"])
        #expect(lines[3].split(separator: " ", omittingEmptySubsequences: true)
                == ["stage3.block2.shortcut.projection.conv", "depthwise", "percentile", "kl"])
        // Every column starts at the same offset on every line.
        for column in ["kind", "weights", "activations"] {
            let offset = lines[0].range(of: column)!.lowerBound.utf16Offset(in: lines[0])
            for line in lines.dropFirst() {
                let index = line.index(line.startIndex, offsetBy: offset)
                #expect(line[line.index(before: index)] == " " && line[index] != " ", "\(column) in: \(line)")
            }
        }
    }
}
