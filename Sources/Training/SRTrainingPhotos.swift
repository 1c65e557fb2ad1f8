import Datasets

/// The training photographs for super-resolution: Debian's `mate-backgrounds`
/// nature folder (1280–2560 px JPEGs) unless the user brings a folder.
public enum SRTrainingPhotos {
    public static let debianPackage = "mate-backgrounds"
    public static let defaultFolder = "/usr/share/backgrounds/mate/nature"

    /// Every PNG/JPEG in `folder` at least `minimumSide` pixels on both sides.
    public static func load(folder: String, minimumSide: Int) throws -> [RGBImage] {
        let images = try EvaluationPhotos.load(folder: folder).map(\.image)
            .filter { $0.width >= minimumSide && $0.height >= minimumSide }
        guard !images.isEmpty else { throw ImageError.noImages(folder: folder) }
        return images
    }
}
