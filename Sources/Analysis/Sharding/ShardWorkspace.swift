import FITSIO
import Foundation

/// Where a sharded reduction keeps its work, beside its output `OUT` (`OUT.shards`), so that
/// `gammakit stack OUT` can put the final datasets in `OUT` as an unsharded `gammakit reduce`
/// does, whole or not at all:
///
///     OUT.shards/reduction.yaml          what is reduced (ShardManifest)
///     OUT.shards/partial/00001_23523.fits  one dataset per observation, in observation order
///     OUT.shards/partial/00001_23523-bkg.yaml  its FoV background model, if it has one
///     OUT.shards/partial/00002_23526.skipped   an observation left out, and why
///     OUT.shards/status/task-2-of-3.yaml  each shard's state (TaskStatus)
///
/// Every file appears complete or not at all (`AtomicFile`); a partial dataset's FITS file is
/// written last, so its presence means the observation is done.
public struct ShardWorkspace: Sendable {
    /// The final output directory (absolute).
    public let output: String
    public let path: String

    public init(output: String) {
        self.output = FilePaths.absolute(output)
        path = self.output + ".shards"
    }

    public var manifestPath: String { file("reduction.yaml") }
    public var partialFolder: String { file("partial") }
    public var statusFolder: String { file("status") }
    public var logFolder: String { file("logs") }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// The stem of the files of the observation at `position` (from 0).
    public func partialStem(position: Int, obsID: Int) -> String {
        (partialFolder as NSString).appendingPathComponent(String(format: "%05d_%d", position + 1, obsID))
    }

    public func statusPath(_ shard: Shard) -> String {
        (statusFolder as NSString).appendingPathComponent("task-\(shard.index)-of-\(shard.count).yaml")
    }

    /// Makes the folders (and the output's parent), naming the one that cannot be made.
    public func create() throws {
        for folder in [path, partialFolder, statusFolder, logFolder] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ShardError("\(folder): cannot create the sharded reduction's folder: \(OutputError.reason(error))")
            }
        }
    }

    public var exists: Bool { FilePaths.isDirectory(path) && FilePaths.exists(manifestPath) }

    /// What became of one observation: its partial dataset is written, it was left out (why),
    /// or nothing is known yet (not reduced, still running, or failed).
    public enum ItemState: Sendable, Equatable {
        case done
        case skipped(String)
        case pending
    }

    public func state(position: Int, obsID: Int) -> ItemState {
        let stem = partialStem(position: position, obsID: obsID)
        if FilePaths.exists(stem + ".fits") { return .done }
        if let why = try? String(contentsOfFile: stem + ".skipped", encoding: .utf8) {
            return .skipped(String(why.split(separator: "\n").first ?? ""))
        }
        return .pending
    }

    /// How far the ON region is from the pointing (degrees) of a spectrum's observation left
    /// out for being outside its field of view, as `markSkipped` recorded it.
    public func skippedOffset(position: Int, obsID: Int) -> Double? {
        guard let text = try? String(contentsOfFile: partialStem(position: position, obsID: obsID) + ".skipped", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("offset: ") }.flatMap { Double($0.dropFirst(8)) }
    }

    /// Removes what a killed run of these observations' shard left half-written: the hidden
    /// temporaries (`AtomicFile`) of their files. Only the shard's own observations: another
    /// shard may be writing its files right now, on another node.
    public func removeTemporaries(of items: [(position: Int, obsID: Int)]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: partialFolder) else { return }
        let stems = Set(items.map { (partialStem(position: $0.position, obsID: $0.obsID) as NSString).lastPathComponent })
        for name in names where name.hasPrefix(".") && name.contains(".partial-") {
            let base = String(name.dropFirst().prefix { $0 != "." && $0 != "-" })
            if stems.contains(base) { try? FileManager.default.removeItem(atPath: (partialFolder as NSString).appendingPathComponent(name)) }
        }
    }

    /// Records that an observation was left out (outside the geometry, no OFF region), with
    /// the ON region's offset when that is why.
    public func markSkipped(position: Int, obsID: Int, reason: String, offset: Double? = nil) throws {
        let path = partialStem(position: position, obsID: obsID) + ".skipped"
        let text = reason + "\n" + (offset.map { "offset: \($0)\n" } ?? "")
        do {
            try AtomicFile.write(Array(text.utf8), to: path, overwrite: true)
        } catch {
            throw ShardError("\(path): \(error.message)")
        }
    }
}
