import Datasets
import DL3
import Foundation
import Makers

/// A whole reduction as Gammapy's `Analysis.get_observations()` + `get_datasets()` does it,
/// and its output in Gammapy's layout.
public enum Reduction {
    /// The datasets a configuration asks for: one "stacked" dataset, or one per observation
    /// named by its id. Warnings (runs skipped or left out) go to `warningHandler`.
    public static func run(config: AnalysisConfig, warningHandler: @escaping @Sendable (String) -> Void) throws -> [MapDataset] {
        let selection = try ObservationSelection(config: config)
        selection.warnings.forEach(warningHandler)
        guard !selection.observations.isEmpty else {
            throw ConfigError(key: "observations", "no observations have been selected")
        }
        let plan = try ReductionPlan(config: config, warningHandler: warningHandler)
        return try plan.datasetsMaker.run(geometries: plan.referenceGeometries, reference: plan.makeReference,
                                          observations: selection.observations)
    }

    /// Writes `datasets.yaml`, one FITS file per dataset and, when datasets carry FoV
    /// background models (unstacked output), `models.yaml` — as Gammapy's `Datasets.write`
    /// and `Models.write` lay them out. The directory appears complete or not at all: it is
    /// written beside its final place and renamed into it. An existing directory is refused
    /// unless `overwrite`, and then replaced only once the new one is complete.
    public static func write(_ datasets: [MapDataset], to directory: String, overwrite: Bool) throws {
        let fileManager = FileManager.default
        let target = (directory as NSString).standardizingPath
        if fileManager.fileExists(atPath: target) && !overwrite {
            throw DatasetError(.exists, subject: target, message: "output directory exists (pass --overwrite to replace it)")
        }
        let parent = (target as NSString).deletingLastPathComponent
        try fileManager.createDirectory(atPath: parent.isEmpty ? "." : parent, withIntermediateDirectories: true)
        let suffix = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = target + ".partial-" + suffix
        do {
            try Datasets(datasets).write(directory: staging)
            let models = FoVBackgroundModels(datasets: datasets)
            if !models.entries.isEmpty {  // stacked datasets carry none: their norms are folded in
                try models.write(to: (staging as NSString).appendingPathComponent("models.yaml"))
            }
            if fileManager.fileExists(atPath: target) {
                let old = target + ".old-" + suffix
                try fileManager.moveItem(atPath: target, toPath: old)
                try fileManager.moveItem(atPath: staging, toPath: target)
                try? fileManager.removeItem(atPath: old)
            } else {
                try fileManager.moveItem(atPath: staging, toPath: target)
            }
        } catch {
            try? fileManager.removeItem(atPath: staging)
            throw error
        }
    }
}
