import Foundation
import Testing
import Datasets
import TestSupport

@Suite struct ImageFolderTests {
    /// A solid-colour RGB PNG.
    func solid(_ width: Int, _ height: Int, _ rgb: (UInt8, UInt8, UInt8)) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<(width * height) { bytes += [rgb.0, rgb.1, rgb.2] }
        return [UInt8](TinyPNG.encode(width: width, height: height, channels: 3, bytes: bytes))
    }

    /// cats (2 images, sizes and aspect ratios differ), dogs (1), plus a non-image and a hidden file.
    func makeFolder() throws -> TemporaryFolder {
        let t = try TemporaryFolder()
        for name in ["dogs", "cats", "cats/more"] {
            try FileManager.default.createDirectory(at: t.file(name), withIntermediateDirectories: true)
        }
        _ = try t.write(solid(6, 4, (255, 0, 0)), to: "cats/a.png")
        _ = try t.write(solid(3, 9, (0, 255, 0)), to: "cats/more/b.PNG")
        _ = try t.write(solid(4, 4, (0, 0, 255)), to: "dogs/c.png")
        _ = try t.write(Array("not an image".utf8), to: "dogs/notes.txt")
        _ = try t.write(solid(4, 4, (9, 9, 9)), to: "dogs/.hidden.png")
        return t
    }

    @Test func labelledFolderGivesSortedClassesLabelsAndExactPixels() throws {
        let t = try makeFolder()
        defer { t.remove() }
        let listing = try ImageFolderListing.labelled(t.url.path)
        #expect(listing.classes == ["cats", "dogs"])
        #expect(listing.entries.map(\.label) == [0, 0, 1])
        #expect(listing.skippedFiles == 2)
        let p = try ImagePreprocessing(resize: .shorterSide(4), height: 2, width: 2, channels: 3,
                                       mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5])
        let folder = try ImageFolder(listing: listing, preprocessing: p)
        #expect(folder.images.shape == [3, 2, 2, 3])
        #expect(folder.labels == [0, 0, 1])
        // Solid colours survive resize and crop; (x − .5) / .5 maps 0 → −1 and 1 → 1.
        let expected: [[Float]] = [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]]
        let s = folder.images.scalars
        for (n, rgb) in expected.enumerated() {
            for pixel in 0..<4 {
                #expect(Array(s[(n * 12 + pixel * 3)..<(n * 12 + pixel * 3 + 3)]) == rgb)
            }
        }
        let labeled = try #require(folder.labeled)
        #expect(labeled.classCount == 2 && labeled.count == 3)
    }

    @Test func limitTakesClassesInTurn() throws {
        let t = try makeFolder()
        defer { t.remove() }
        let listing = try ImageFolderListing.labelled(t.url.path).limited(to: 2)
        #expect(listing.entries.map(\.label) == [0, 1])
        #expect(try ImageFolderListing.labelled(t.url.path).limited(to: 50).entries.count == 3)
    }

    @Test func corruptImageIsNamedOrSkippedAndCounted() throws {
        let t = try makeFolder()
        defer { t.remove() }
        let bad = try t.write(Array(solid(4, 4, (1, 2, 3)).prefix(30)), to: "dogs/truncated.png")
        let listing = try ImageFolderListing.labelled(t.url.path)
        let p = try ImagePreprocessing.identity(height: 4, width: 4, channels: 3)
        #expect {
            try ImageFolder(listing: listing, preprocessing: p)
        } throws: { error in
            guard case let .badImage(path, _)? = error as? ImageFolderError else { return false }
            return path == bad && error.localizedDescription.contains("--skip-bad-images")
        }
        let skipped = try ImageFolder(listing: listing, preprocessing: p, skipBadImages: true)
        #expect(skipped.badImages == [bad])
        #expect(skipped.labels == [0, 0, 1])
    }

    @Test func hostileHeaderIsRefusedBeforeDecoding() throws {
        let t = try TemporaryFolder()
        defer { t.remove() }
        // A valid PNG header claiming 6000 × 6000 pixels (within stb's own limit) with no data behind it.
        var png = solid(1, 1, (0, 0, 0))
        png.replaceSubrange(16..<24, with: [0, 0, 0x17, 0x70, 0, 0, 0x17, 0x70])
        let path = try t.write(png, to: "huge.png")
        #expect {
            try ImageFolder.decode(path)
        } throws: { error in
            "\(error.localizedDescription)".contains("pixel limit")
        }
    }

    @Test func missingEmptyAndClasslessFoldersAreOneLineErrors() throws {
        let t = try TemporaryFolder()
        defer { t.remove() }
        #expect(throws: ImageFolderError.missingFolder(path: t.file("absent").path)) {
            try ImageFolderListing.labelled(t.file("absent").path)
        }
        #expect(throws: ImageFolderError.noClasses(folder: t.url.path)) { try ImageFolderListing.labelled(t.url.path) }
        #expect(throws: ImageFolderError.noImages(folder: t.url.path)) { try ImageFolderListing.unlabelled(t.url.path) }
        try FileManager.default.createDirectory(at: t.file("empty"), withIntermediateDirectories: true)
        #expect(throws: ImageFolderError.emptyClass(folder: t.file("empty").path)) {
            try ImageFolderListing.labelled(t.url.path)
        }
        let file = try t.write([1, 2, 3], to: "file.png")
        #expect(throws: ImageFolderError.missingFolder(path: file)) { try ImageFolderListing.unlabelled(file) }
    }

    @Test func fifoIsNeverOpenedAndUnlabelledFolderLoads() throws {
        let t = try TemporaryFolder()
        defer { t.remove() }
        _ = try t.write(solid(5, 3, (255, 255, 255)), to: "x.jpg.png")
        #expect(mkfifo(t.file("pipe.png").path, 0o600) == 0)
        let listing = try ImageFolderListing.unlabelled(t.url.path)
        #expect(listing.entries.count == 1 && listing.skippedFiles == 1)
        let folder = try ImageFolder(listing: listing, preprocessing: try .identity(height: 2, width: 2, channels: 1))
        #expect(folder.labels == nil && folder.labeled == nil)
        #expect(folder.images.shape == [1, 2, 2, 1] && folder.images.scalars.allSatisfy { abs($0 - 1) < 1e-6 })
        #expect(!ImageFolderListing.looksLabelled(t.url.path))
    }

    @Test func tensorBudgetRefusesHugeLoads() throws {
        let t = try makeFolder()
        defer { t.remove() }
        let listing = try ImageFolderListing.labelled(t.url.path)
        let big = try ImagePreprocessing.identity(height: 4096, width: 4096, channels: 3)
        let many = ImageFolderListing(folder: listing.folder, classes: listing.classes,
                                      entries: Array(repeating: listing.entries[0], count: 20), skippedFiles: 0)
        #expect(throws: ImageFolderError.self) { try ImageFolder(listing: many, preprocessing: big) }
        #expect(ImageFolderListing.looksLabelled(t.url.path))
    }

    @Test func randomBytesNeverTrap() throws {
        let t = try TemporaryFolder()
        defer { t.remove() }
        var state: UInt64 = 0x5EED
        let png = solid(3, 3, (10, 20, 30))
        for trial in 0..<64 {
            var bytes = png
            for _ in 0..<4 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes[Int(state >> 33) % bytes.count] = UInt8(truncatingIfNeeded: state >> 13)
            }
            let path = try t.write(bytes, to: "fuzz\(trial).png")
            if let image = try? ImageFolder.decode(path) {
                #expect(image.width > 0 && image.height > 0)
            }
        }
    }
}
