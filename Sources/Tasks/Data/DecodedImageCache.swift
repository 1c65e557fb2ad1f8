import Foundation
import Tensor
import NeuralNet
import Datasets

/// Preprocessed images of a folder kept on disk, keyed by the files (path,
/// size, modification time) and the preprocessing, so a second run on the
/// same images does not decode them again. A damaged or foreign entry is
/// ignored and rewritten. The folder is held to `capacityBytes`: after a
/// store, the least recently used entries go first (a read counts as a use).
public struct DecodedImageCache: Sendable {
    public let folder: URL
    public let capacityBytes: Int

    /// Sets above this many bytes are not cached (an evaluation set of full-size photos).
    public static let maximumEntryBytes = 512 << 20
    /// The whole cache's default bound: four of the largest entries.
    public static let defaultCapacityBytes = 4 * maximumEntryBytes

    public init(folder: URL, capacityBytes: Int = defaultCapacityBytes) {
        self.folder = folder
        self.capacityBytes = capacityBytes
    }

    /// `$DQSS_CACHE` (a folder; "off" turns caching off), else `$XDG_CACHE_HOME/dqss/images`, else `~/.cache/dqss/images`;
    /// bounded by `$DQSS_CACHE_MAX_MB` megabytes (default 2048).
    public static var standard: DecodedImageCache? {
        let env = ProcessInfo.processInfo.environment
        // A bound that is not a positive number of megabytes is ignored rather than trusted.
        let capacity = env["DQSS_CACHE_MAX_MB"].flatMap(Int.init).flatMap { $0 > 0 && $0 <= 1 << 30 ? $0 << 20 : nil }
            ?? defaultCapacityBytes
        if let path = env["DQSS_CACHE"] {
            return path == "off" || path.isEmpty ? nil
                : DecodedImageCache(folder: URL(fileURLWithPath: path), capacityBytes: capacity)
        }
        let base = env["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return DecodedImageCache(folder: base.appendingPathComponent("dqss/images"), capacityBytes: capacity)
    }

    /// The key of a listing decoded with `preprocessing`: two FNV-1a hashes over every input that changes the result.
    public static func key(_ listing: ImageFolderListing, preprocessing: ImagePreprocessing, skipBadImages: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // the same text for the same value, run after run
        var text = String(decoding: (try? encoder.encode(preprocessing)) ?? Data(), as: UTF8.self)
        text += skipBadImages ? "|skip" : "|strict"
        text += "|" + listing.classes.joined(separator: "/")
        for entry in listing.entries {
            let attributes = try? FileManager.default.attributesOfItem(atPath: entry.path)
            let size = attributes?[.size] as? Int ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            text += "|\(entry.path)|\(entry.label ?? -1)|\(size)|\(modified)"
        }
        func fnv(_ seed: UInt64) -> String {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
            for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return String(h, radix: 16)
        }
        return fnv(0) + fnv(0x9E37_79B9_7F4A_7C15)
    }

    func url(_ key: String) -> URL { folder.appendingPathComponent(key + ".safetensors") }

    /// The images, labels and skipped files stored under `key`, if an intact entry is there.
    public func load(_ key: String, sampleShape: [Int]) -> (images: Tensor, labels: [Int32]?, badImages: [String])? {
        guard let (tensors, metadata) = try? SafeTensors.read(url(key)), metadata["key"] == key,
              let images = tensors["images"], images.rank == 4, Array(images.shape.dropFirst()) == sampleShape else { return nil }
        let labels = tensors["labels"].map { $0.scalars.map { Int32($0) } }
        if let labels, labels.count != images.shape[0] { return nil }
        let bad = metadata["badImages"].map { $0.split(separator: "\n").map(String.init) } ?? []
        // The entry's modification time is its last use, for eviction.
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: url(key).path)
        return (images, labels, bad)
    }

    /// Stores a decoded set; a failure to write only costs the next run a decode.
    public func store(_ key: String, images: Tensor, labels: [Int32]?, badImages: [String]) {
        guard images.count * 4 <= Self.maximumEntryBytes else { return }
        var tensors = ["images": images]
        if let labels { tensors["labels"] = Tensor(shape: [labels.count], scalars: labels.map { Float($0) }) }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? SafeTensors.write(tensors, metadata: ["key": key, "badImages": badImages.joined(separator: "\n")], to: url(key))
        evict(keeping: key)
    }

    /// Removes the least recently used entries (never `key`) until the
    /// entries fit in `capacityBytes`. Only this cache's own files count.
    func evict(keeping key: String) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else { return }
        var entries: [(url: URL, bytes: Int, used: Date)] = []
        for name in names where name.hasSuffix(".safetensors") {
            let u = folder.appendingPathComponent(name)
            guard let a = try? fm.attributesOfItem(atPath: u.path), a[.type] as? FileAttributeType == .typeRegular,
                  let bytes = a[.size] as? Int, let used = a[.modificationDate] as? Date else { continue }
            entries.append((u, bytes, used))
        }
        var total = entries.reduce(0) { $0 + $1.bytes }
        let keep = url(key).lastPathComponent
        for e in entries.sorted(by: { $0.used < $1.used }) where total > capacityBytes && e.url.lastPathComponent != keep {
            if (try? fm.removeItem(at: e.url)) != nil { total -= e.bytes }
        }
    }
}
