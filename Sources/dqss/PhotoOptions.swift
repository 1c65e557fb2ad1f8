import ArgumentParser
import Foundation
import Datasets
import Training

/// Where the super-resolution photographs live.
struct PhotoOptions: ParsableArguments {
    @Option(help: "Folder of training photos (PNG/JPEG); the default comes from the Debian package mate-backgrounds.")
    var images: String = SRTrainingPhotos.defaultFolder
    @Option(name: .customLong("photos"), help: "Evaluation photos (PSNR/SSIM on Y); default: the shipped photos/ (see DQSS_HOME).")
    var photosFolder: String?

    /// --photos as given, or the shipped evaluation photos wherever dqss is installed.
    var photos: String {
        get throws {
            if let photosFolder { return photosFolder }
            return try AssetLocator.shared.locate("photos", what: "evaluation photos", instead: "pass --photos DIR").path
        }
    }

    /// The training photos. A command-line tool never installs system packages: when the
    /// default folder is missing it says which package provides it and how to get it.
    func loadTrainingPhotos(minimumSide: Int, say: (String) -> Void) throws -> [RGBImage] {
        if images == SRTrainingPhotos.defaultFolder && !FileManager.default.fileExists(atPath: images) {
            throw CLIError(Self.missingDefaultPhotosMessage)
        }
        do {
            return try SRTrainingPhotos.load(folder: images, minimumSide: minimumSide)
        } catch ImageError.missingFolder {
            throw CLIError("no training photos at \(images); pass --images DIR (a folder of PNG/JPEG photos) or use the default, \(SRTrainingPhotos.defaultFolder) from the Debian package \(SRTrainingPhotos.debianPackage)")
        } catch ImageError.noImages {
            throw CLIError("no PNG/JPEG photo of at least \(minimumSide)×\(minimumSide) pixels in \(images); lower --patch or pass another --images folder")
        }
    }

    static var missingDefaultPhotosMessage: String {
        "no training photos at \(SRTrainingPhotos.defaultFolder): it comes from the Debian package \(SRTrainingPhotos.debianPackage); "
            + "install it with `sudo apt-get install \(SRTrainingPhotos.debianPackage)` (or `scripts/install-deps.sh \(SRTrainingPhotos.debianPackage)`), or pass --images DIR"
    }
}
