import CSTBImage
import Foundation

extension RGBImage {
    /// Decodes PNG, JPEG, BMP, TGA, GIF (first frame) or PNM through stb_image.
    /// Gray and gray+alpha images are replicated to RGB; alpha is dropped.
    public init(contentsOf url: URL) throws {
        if let kind = FileKind.nonRegular(url.path) {
            throw ImageError.cannotRead(path: url.path, reason: "it is a \(kind), not an image file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImageError.cannotRead(path: url.path, reason: error.localizedDescription)
        }
        try self.init(encoded: data, name: url.path)
    }

    /// Decodes an in-memory image file; `name` appears in errors.
    public init(encoded data: Data, name: String = "image") throws {
        guard !data.isEmpty, data.count <= Int(Int32.max) else {
            throw ImageError.undecodable(path: name, reason: data.isEmpty ? "empty file" : "file too large")
        }
        let decoded: (Int, Int, [Float])? = try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: stbi_uc.self).baseAddress!
            var w: Int32 = 0, h: Int32 = 0, components: Int32 = 0
            // Check the size before stb allocates the full bitmap.
            guard stbi_info_from_memory(bytes, Int32(data.count), &w, &h, &components) == 1 else { return nil }
            guard w > 0, h > 0, Int(w) * Int(h) <= RGBImage.maximumPixels else {
                throw ImageError.tooLarge(path: name, width: Int(w), height: Int(h))
            }
            guard let rgb = stbi_load_from_memory(bytes, Int32(data.count), &w, &h, &components, 3) else { return nil }
            defer { stbi_image_free(rgb) }
            let (width, height) = (Int(w), Int(h))
            let plane = width * height
            var pixels = [Float](repeating: 0, count: 3 * plane)
            pixels.withUnsafeMutableBufferPointer { out in
                for p in 0..<plane {
                    for c in 0..<3 { out[c * plane + p] = Float(rgb[3 * p + c]) / 255 }
                }
            }
            return (width, height, pixels)
        }
        guard let (width, height, pixels) = decoded else {
            let reason = stbi_failure_reason().map { String(cString: $0) } ?? "unknown format"
            throw ImageError.undecodable(path: name, reason: reason)
        }
        self.init(width: width, height: height, pixels: pixels)
    }
}
