import ArgumentParser
import Foundation
import Datasets
import Training

/// Where the super-resolution photographs live.
struct PhotoOptions: ParsableArguments {
    @Option(help: "Folder of training photos (PNG/JPEG); the default comes from the Debian package mate-backgrounds.")
    var images: String = SRTrainingPhotos.defaultFolder
    @Option(help: "Evaluation photos (PSNR/SSIM on Y).") var photos: String = EvaluationPhotos.defaultFolder

    /// The training photos; installs the Debian package when its folder is the one missing.
    func loadTrainingPhotos(minimumSide: Int, say: (String) -> Void) throws -> [RGBImage] {
        if images == SRTrainingPhotos.defaultFolder && !FileManager.default.fileExists(atPath: images) {
            say("\(images) is missing; installing the Debian package \(SRTrainingPhotos.debianPackage)")
            let installer = Process()
            installer.executableURL = URL(fileURLWithPath: "/bin/bash")
            installer.arguments = ["scripts/install-deps.sh", SRTrainingPhotos.debianPackage]
            try? installer.run()
            installer.waitUntilExit()
            guard FileManager.default.fileExists(atPath: images) else {
                throw CLIError("no training photos at \(images); install the Debian package \(SRTrainingPhotos.debianPackage) (sudo apt-get install \(SRTrainingPhotos.debianPackage)) or pass --images DIR")
            }
        }
        do {
            return try SRTrainingPhotos.load(folder: images, minimumSide: minimumSide)
        } catch ImageError.missingFolder {
            throw CLIError("no training photos at \(images); pass --images DIR (a folder of PNG/JPEG photos) or use the default, \(SRTrainingPhotos.defaultFolder) from the Debian package \(SRTrainingPhotos.debianPackage)")
        } catch ImageError.noImages {
            throw CLIError("no PNG/JPEG photo of at least \(minimumSide)×\(minimumSide) pixels in \(images); lower --patch or pass another --images folder")
        }
    }
}
