import Foundation

extension LabeledImages {
    /// Refuses labels a model with `classes` outputs has no class for, naming how many and the largest.
    public static func checkLabels(_ labels: [Int32], classes: Int, source: String) throws {
        let beyond = labels.filter { Int($0) >= classes || $0 < 0 }
        if let largest = beyond.max() {
            throw IDXError.labelBeyondClasses(path: source, count: beyond.count, largest: Int(largest), classes: classes)
        }
    }
}
