import CSTBImage
import Foundation
import Tensor

/// Images of a folder decoded and preprocessed into model inputs [N, H, W, C].
public struct ImageFolder: Sendable {
    /// [N, H, W, C], as `preprocessing` shapes it.
    public let images: Tensor
    /// One per image; nil for an unlabelled folder.
    public let labels: [Int32]?
    public let classes: [String]
    public let preprocessing: ImagePreprocessing
    /// Files passed over without opening (other extensions, hidden, special files).
    public let skippedFiles: Int
    /// Images that failed to decode and were skipped (only with `skipBadImages`).
    public let badImages: [String]

    /// Files above this size are refused before they are read.
    public static let maximumFileBytes = 256 << 20
    /// Decoded images above this many pixels are refused before stb allocates them.
    public static let maximumPixels = 1 << 25
    /// The decoded tensors of one load may take at most this many bytes.
    public static let maximumTensorBytes = 2 << 30

    /// Decodes every listed image, in parallel. A file that fails to decode
    /// stops the load with its name, unless `skipBadImages` (then it is counted
    /// in `badImages`).
    public init(listing: ImageFolderListing, preprocessing: ImagePreprocessing, skipBadImages: Bool = false) throws {
        try preprocessing.validate()
        let per = preprocessing.sampleShape.reduce(1, *)
        let bytes = listing.entries.count.multipliedReportingOverflow(by: per * 4)
        guard !bytes.overflow, bytes.partialValue <= Self.maximumTensorBytes else {
            throw ImageFolderError.tooMany(folder: listing.folder, count: listing.entries.count,
                                           bytes: bytes.overflow ? Int.max : bytes.partialValue)
        }
        // Decoded in parallel straight into the output; each worker writes its own slots.
        let entries = listing.entries
        var scalars = [Float](repeating: 0, count: entries.count * per)
        var failures = [String?](repeating: nil, count: entries.count)
        scalars.withUnsafeMutableBufferPointer { out in
            failures.withUnsafeMutableBufferPointer { failed in
                Parallel.forEachSlice(count: entries.count) { _, range in
                    for i in range {
                        do {
                            let sample = preprocessing.apply(to: try Self.decode(entries[i].path))
                            for k in 0..<per { out[i * per + k] = sample[k] }
                        } catch let ImageError.undecodable(_, reason) {
                            failed[i] = reason
                        } catch {
                            failed[i] = error.localizedDescription
                        }
                        // A failure stops the load unless bad images are skipped: no point decoding the rest.
                        if failed[i] != nil && !skipBadImages { return }
                    }
                }
            }
        }
        if !skipBadImages, let first = failures.indices.first(where: { failures[$0] != nil }) {
            throw ImageFolderError.badImage(path: entries[first].path, reason: failures[first]!)
        }
        var labels: [Int32] = [], bad: [String] = []
        var kept = 0
        for (i, entry) in entries.enumerated() {
            if failures[i] != nil {
                bad.append(entry.path)
                continue
            }
            if kept != i {
                scalars.withUnsafeMutableBufferPointer { p in
                    for k in 0..<per { p[kept * per + k] = p[i * per + k] }
                }
            }
            kept += 1
            if let label = entry.label { labels.append(Int32(label)) }
        }
        scalars.removeLast((entries.count - kept) * per)
        guard !scalars.isEmpty else { throw ImageFolderError.noImages(folder: listing.folder) }
        let count = scalars.count / per
        images = Tensor(shape: [count] + preprocessing.sampleShape, scalars: scalars)
        self.labels = listing.classes.isEmpty ? nil : labels
        classes = listing.classes
        self.preprocessing = preprocessing
        skippedFiles = listing.skippedFiles
        badImages = bad
    }

    /// The images with their labels, for a `ClassificationTask`; nil when unlabelled.
    public var labeled: LabeledImages? {
        labels.map { LabeledImages(images: images, labels: $0, classCount: classes.count) }
    }

    /// One file decoded, its size and header checked before any large allocation.
    public static func decode(_ path: String) throws -> RGBImage {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumFileBytes else {
            throw ImageError.undecodable(path: path, reason: "file of \(size >> 20) MB is above the \(maximumFileBytes >> 20) MB limit")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ImageError.cannotRead(path: path, reason: error.localizedDescription)
        }
        var w: Int32 = 0, h: Int32 = 0, components: Int32 = 0
        let known = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.bindMemory(to: stbi_uc.self).baseAddress else { return false }
            return stbi_info_from_memory(base, Int32(data.count), &w, &h, &components) == 1
        }
        if known, Int(w) * Int(h) > maximumPixels {
            throw ImageError.undecodable(path: path, reason: "\(w)×\(h) pixels is above the \(maximumPixels)-pixel limit")
        }
        return try RGBImage(encoded: data, name: path)
    }
}
