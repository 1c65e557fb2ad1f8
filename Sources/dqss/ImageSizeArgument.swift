import ArgumentParser

/// `--input-size 224,224`: height and width, each 1…4096.
struct ImageSizeArgument: ExpressibleByArgument {
    let height: Int
    let width: Int

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let h = parts[0], let w = parts[1], (1...4096).contains(h), (1...4096).contains(w) else { return nil }
        height = h
        width = w
    }
}
