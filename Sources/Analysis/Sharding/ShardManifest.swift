import Datasets
import FITSIO
import Foundation
import Yams

/// `OUT.shards/reduction.yaml`: what a sharded reduction reduces — its configuration (path and
/// MD5 of its text, so that a changed file is noticed) and the selected observations in order,
/// each with its time interval when `obs_time` makes one dataset per interval. Every shard
/// computes it from the configuration; the first writes it and the others check that theirs
/// is the same, so that shards of different selections are never stacked together.
public struct ShardManifest: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var obsID: Int
        /// The `obs_time` interval (from 1) the observation is cut to, when there are intervals.
        public var interval: Int?
    }

    /// The configuration file, absolute.
    public var config: String
    public var configMD5: String
    public var items: [Item]

    public init(config: String, configMD5: String, items: [Item]) {
        self.config = config
        self.configMD5 = configMD5
        self.items = items
    }

    /// The manifest of `selection`, made from the configuration file at `path`.
    init(configPath path: String, selection: ObservationSelection, hasIntervals: Bool) throws {
        config = FilePaths.absolute(path)
        configMD5 = try Self.md5(of: config)
        if hasIntervals {
            items = selection.intervalGroups.enumerated().flatMap { k, group in group.map { Item(obsID: $0.obsID, interval: k + 1) } }
        } else {
            items = selection.observations.map { Item(obsID: $0.obsID, interval: nil) }
        }
    }

    static func md5(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShardError("\(path): cannot read the configuration")
        }
        return MD5.hex([UInt8](data))
    }

    var text: String {
        var text = "# A sharded GammaKit reduction (gammakit reduce --shard); gammakit stack writes its datasets.\n"
        text += "config: \(YAMLScalar.render(config))\n"
        text += "config_md5: \(configMD5)\n"
        text += "obs_ids: [\(items.map { String($0.obsID) }.joined(separator: ", "))]\n"
        if items.contains(where: { $0.interval != nil }) {
            text += "intervals: [\(items.map { String($0.interval ?? 0) }.joined(separator: ", "))]\n"
        }
        return text
    }

    public static func read(from path: String) throws -> ShardManifest {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ShardError("\(path): cannot read the sharded reduction's manifest; is this the output of gammakit reduce --shard?")
        }
        guard let root = (try? Yams.load(yaml: text)) as? [String: Any], let config = root["config"] as? String,
              let md5 = root["config_md5"] as? String, let ids = root["obs_ids"] as? [Int] else {
            throw ShardError("\(path): not a sharded reduction's manifest (it needs config, config_md5 and obs_ids)")
        }
        let intervals = root["intervals"] as? [Int]
        if let intervals, intervals.count != ids.count {
            throw ShardError("\(path): intervals has \(intervals.count) entries for \(ids.count) obs_ids")
        }
        return ShardManifest(config: config, configMD5: md5,
                             items: ids.enumerated().map { k, id in Item(obsID: id, interval: intervals?[k]) })
    }

    /// Writes the manifest into `workspace`, or checks that the one there is the same.
    func writeOrCheck(_ workspace: ShardWorkspace) throws {
        do {
            try AtomicFile.write(Array(text.utf8), to: workspace.manifestPath, overwrite: false)
            return
        } catch where error.exists {
        } catch {
            throw ShardError("\(workspace.manifestPath): \(error.message)")
        }
        let existing = try Self.read(from: workspace.manifestPath)
        guard existing.config == config else {
            throw ShardError("\(workspace.path) holds a reduction of \(existing.config), not of \(config); choose another --output, or remove it")
        }
        guard existing.configMD5 == configMD5 else {
            throw ShardError("\(config) has changed since \(workspace.path) was begun; restore it, or remove \(workspace.path) and start again")
        }
        guard existing.items == items else {
            throw ShardError("\(workspace.path) was begun with another selection of observations (\(existing.items.count) then, \(items.count) now: has the data store changed?); remove it and start again")
        }
    }

    /// The configuration, read again and checked to be the one the shards reduced.
    public func readConfig() throws -> AnalysisConfig {
        guard try Self.md5(of: config) == configMD5 else {
            throw ShardError("\(config) has changed since the shards were reduced; restore it, or reduce the shards again")
        }
        return try AnalysisConfig.read(path: config)
    }
}
