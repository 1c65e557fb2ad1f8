import Foundation
import Tensor
import NeuralNet

/// The learned tensors of a search that a JSON snapshot cannot hold well
/// (quantization-aware search: trained weights, LSQ steps, PACT clips, the
/// optimizers' state), in a safetensors file beside the snapshot. The JSON
/// names the file and its SHA-256, so a sidecar from another run is refused.
public struct SnapshotSidecar: Sendable, Codable, Equatable {
    /// File name, in the snapshot's folder.
    public var file: String
    public var sha256: String
    public var bytes: Int

    /// `run.json` → `run.safetensors`.
    public static func url(besides snapshot: URL) -> URL {
        snapshot.deletingPathExtension().appendingPathExtension("safetensors")
    }

    /// Writes `tensors` atomically beside `snapshot` and returns the record the JSON keeps.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String], besides snapshot: URL) throws -> SnapshotSidecar {
        let url = url(besides: snapshot)
        let data = SafeTensors.encode(tensors, metadata: metadata)
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw SnapshotError.cannotWrite(url.path, error.localizedDescription)
        }
        return SnapshotSidecar(file: url.lastPathComponent, sha256: digest(data), bytes: data.count)
    }

    /// The tensors, after checking the file is the one this snapshot recorded.
    public func read(besides snapshot: URL) throws -> [String: Tensor] {
        let url = snapshot.deletingLastPathComponent().appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw SidecarError.missing(url.path) }
        guard data.count == bytes, Self.digest(data) == sha256 else {
            throw data.count < bytes ? SidecarError.truncated(url.path) : SidecarError.otherRun(url.path)
        }
        do {
            return try SafeTensors.decode(data).tensors
        } catch {
            throw SidecarError.corrupt(url.path)
        }
    }

    static func digest(_ data: Data) -> String {
        var h = SHA256()
        h.update(data)
        return SHA256.hex(h.finalize())
    }
}

public enum SidecarError: LocalizedError, Equatable {
    case missing(String)
    case truncated(String)
    case otherRun(String)
    case corrupt(String)
    case otherModel(String, String)

    public var errorDescription: String? {
        switch self {
        case .missing(let p): return "\(p) is missing: the snapshot's trained weights are kept there; copy it beside the snapshot"
        case .truncated(let p): return "\(p) is truncated (shorter than the snapshot recorded); restore it or take another snapshot"
        case .otherRun(let p): return "\(p) is not the file this snapshot wrote (SHA-256 differs): it is from another run"
        case .corrupt(let p): return "\(p) is not a valid safetensors file; restore it or take another snapshot"
        case .otherModel(let p, let why): return "\(p) holds tensors of another model (\(why)); pass the snapshot's --model and --checkpoint"
        }
    }
}
