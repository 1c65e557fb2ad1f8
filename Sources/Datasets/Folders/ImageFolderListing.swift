import Foundation

/// The image files of a folder, found without opening them: torchvision's
/// `ImageFolder` layout (DIR/<class>/…, classes sorted by name, label = index)
/// or a flat folder of unlabelled images.
public struct ImageFolderListing: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let path: String
        /// Index into `classes`; nil for an unlabelled folder.
        public let label: Int?

        public init(path: String, label: Int?) {
            self.path = path
            self.label = label
        }
    }

    public let folder: String
    /// Class names sorted by code point, as Python's `sorted`; empty when unlabelled.
    public let classes: [String]
    public let entries: [Entry]
    /// Files passed over: other extensions, hidden names, FIFOs, devices, sockets.
    public let skippedFiles: Int

    /// File name extensions read (lower-cased): what stb_image decodes of torchvision's list.
    public init(folder: String, classes: [String], entries: [Entry], skippedFiles: Int) {
        self.folder = folder
        self.classes = classes
        self.entries = entries
        self.skippedFiles = skippedFiles
    }

    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "bmp", "ppm", "pgm"]

    /// A labelled folder: every sub-folder is a class, searched recursively.
    public static func labelled(_ folder: String) throws -> ImageFolderListing {
        guard isDirectory(folder) else { throw ImageFolderError.missingFolder(path: folder) }
        let classes = try names(in: folder).filter { !$0.hasPrefix(".") && isDirectory(join(folder, $0)) }
        guard !classes.isEmpty else { throw ImageFolderError.noClasses(folder: folder) }
        var entries: [Entry] = [], skipped = 0
        for (label, name) in classes.enumerated() {
            let (files, passed) = try imageFiles(under: join(folder, name))
            guard !files.isEmpty else { throw ImageFolderError.emptyClass(folder: join(folder, name)) }
            entries += files.map { Entry(path: $0, label: label) }
            skipped += passed
        }
        return ImageFolderListing(folder: folder, classes: classes, entries: entries, skippedFiles: skipped)
    }

    /// An unlabelled folder: every image under it (calibration needs no labels).
    public static func unlabelled(_ folder: String) throws -> ImageFolderListing {
        guard isDirectory(folder) else { throw ImageFolderError.missingFolder(path: folder) }
        let (files, skipped) = try imageFiles(under: folder)
        guard !files.isEmpty else { throw ImageFolderError.noImages(folder: folder) }
        return ImageFolderListing(folder: folder, classes: [], entries: files.map { Entry(path: $0, label: nil) },
                                  skippedFiles: skipped)
    }

    /// Whether `folder` looks like a labelled image folder (a sub-folder holding an image).
    public static func looksLabelled(_ folder: String) -> Bool {
        guard let names = try? names(in: folder) else { return false }
        return names.contains { name in
            !name.hasPrefix(".") && isDirectory(join(folder, name))
                && ((try? imageFiles(under: join(folder, name)).files.isEmpty == false) ?? false)
        }
    }

    /// The first `limit` entries, taken round-robin over classes so every class
    /// is represented; the order is deterministic.
    public func limited(to limit: Int?) -> ImageFolderListing {
        guard let limit, limit < entries.count else { return self }
        var byClass: [Int: [Entry]] = [:]
        for e in entries { byClass[e.label ?? 0, default: []].append(e) }
        let queues = byClass.keys.sorted().map { byClass[$0]! }
        var picked: [Entry] = [], round = 0
        while picked.count < limit {
            for q in queues where round < q.count && picked.count < limit { picked.append(q[round]) }
            round += 1
        }
        return ImageFolderListing(folder: folder, classes: classes, entries: picked, skippedFiles: skippedFiles)
    }

    // MARK: - File system

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    static func names(in folder: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder)
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        } catch {
            throw ImageFolderError.missingFolder(path: folder)
        }
    }

    /// Kind of the file `path` names, following symbolic links; never opens it.
    static func kind(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    static func isDirectory(_ path: String) -> Bool { kind(path) == S_IFDIR }

    /// Regular files with an image extension under `folder`, depth first in name
    /// order; the count of other files passed over. Links that loop are cut by depth.
    static func imageFiles(under folder: String, depth: Int = 0) throws -> (files: [String], skipped: Int) {
        guard depth < 16 else { return ([], 0) }
        var files: [String] = [], skipped = 0
        for name in try names(in: folder) {
            let path = join(folder, name)
            let k = kind(path)
            if k == S_IFDIR {
                if name.hasPrefix(".") { continue }
                let inner = try imageFiles(under: path, depth: depth + 1)
                files += inner.files
                skipped += inner.skipped
            } else if k == S_IFREG, !name.hasPrefix("."),
                      let dot = name.lastIndex(of: "."),
                      imageExtensions.contains(name[name.index(after: dot)...].lowercased()) {
                files.append(path)
            } else {
                skipped += 1
            }
        }
        return (files, skipped)
    }
}
