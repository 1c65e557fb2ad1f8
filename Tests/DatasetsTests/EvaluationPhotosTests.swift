import Foundation
import Testing
import Datasets

@Suite("Evaluation photos")
struct EvaluationPhotosTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(EvaluationPhotos.defaultFolder).path

    @Test("the committed photos decode (PNG and JPEG, gray replicated to RGB)")
    func load() throws {
        let photos = try EvaluationPhotos.load(folder: Self.folder)
        #expect(photos.map(\.name) == ["astronaut", "brick", "camera", "chelsea", "coffee", "grass", "gravel",
                                       "hubble_deep_field", "rocket"])
        let sizes = Dictionary(uniqueKeysWithValues: photos.map { ($0.name, [$0.image.width, $0.image.height]) })
        #expect(sizes["astronaut"] == [512, 512])
        #expect(sizes["chelsea"] == [451, 300])
        #expect(sizes["rocket"] == [640, 427])
        #expect(sizes["hubble_deep_field"] == [1000, 872])
        let camera = try #require(photos.first { $0.name == "camera" }).image
        #expect(camera.plane(0) == camera.plane(1) && camera.plane(1) == camera.plane(2))
        let astronaut = try #require(photos.first { $0.name == "astronaut" }).image
        #expect(astronaut.plane(0) != astronaut.plane(2))
    }

    @Test("bicubic ×2 beats nothing-at-all but is far from perfect on a real photo")
    func bicubicBaseline() throws {
        let photos = try EvaluationPhotos.load(folder: Self.folder)
        let hr = try #require(photos.first { $0.name == "chelsea" }).image.croppedToMultiple(of: 2)
        let sr = hr.bicubicDownscaled(by: 2).bicubicUpscaled(by: 2)
        let psnr = ImageQuality.psnrY(hr, sr, border: 2)
        // Bicubic ×2 on natural photos lands around 30–36 dB in the literature.
        #expect(psnr > 28 && psnr < 40, "PSNR \(psnr)")
        let ssim = ImageQuality.ssimY(hr, sr, border: 2)
        #expect(ssim > 0.8 && ssim < 1, "SSIM \(ssim)")
    }

    @Test("a missing or empty folder is a typed error")
    func missing() throws {
        #expect(throws: ImageError.missingFolder(path: "/nonexistent/photos")) {
            try EvaluationPhotos.load(folder: "/nonexistent/photos")
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("photos-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: ImageError.noImages(folder: empty.path)) { try EvaluationPhotos.load(folder: empty.path) }
    }
}
