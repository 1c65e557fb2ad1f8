import Foundation

/// The photographs in a folder (by default `Assets/photos`), for SR evaluation.
public enum EvaluationPhotos {
    /// Folder name inside the repository.
    public static let defaultFolder = "Assets/photos"
    public static let fileExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Every PNG and JPEG in `folder`, sorted by name; `name` is the file name
    /// without extension. Gray photos come back as RGB with equal channels.
    public static func load(folder: String) throws -> [(name: String, image: RGBImage)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImageError.missingFolder(path: folder)
        }
        let base = URL(fileURLWithPath: folder)
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw ImageError.cannotRead(path: folder, reason: error.localizedDescription)
        }
        let photos = files
            .filter { !$0.hasPrefix(".") && fileExtensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
            .sorted()
        guard !photos.isEmpty else { throw ImageError.noImages(folder: folder) }
        return try photos.map { file in
            let url = base.appendingPathComponent(file)
            return (url.deletingPathExtension().lastPathComponent, try RGBImage(contentsOf: url))
        }
    }
}
