import Datasets
import DL3
import Foundation
import Makers
import GammaMaps

/// A whole reduction as Gammapy's `Analysis.get_observations()` + `get_datasets()` does it,
/// and its output in Gammapy's layout.
public enum Reduction {
    /// The datasets a configuration asks for: one "stacked" dataset, or one per observation
    /// named by its id. Warnings (runs skipped or left out) go to `warningHandler`.
    /// A reduction that would need more than `memoryLimit` bytes (default: the machine's
    /// memory) is refused before anything is allocated (`ReductionMemory`).
    public static func run(config: AnalysisConfig, memoryLimit: Double? = nil,
                           warningHandler: @escaping @Sendable (String) -> Void) throws -> [MapDataset<WcsGeom>] {
        let selection = try ObservationSelection(config: config)
        selection.warnings.forEach(warningHandler)
        guard !selection.observations.isEmpty else {
            throw ConfigError(key: "observations", "no observations have been selected")
        }
        let memory = ReductionMemory(config: config, observationCount: selection.observations.count)
        try memory.check(limit: memoryLimit)
        let plan = try ReductionPlan(config: config, warningHandler: warningHandler)
        return try plan.datasetsMaker.run(geometries: plan.referenceGeometries, reference: plan.makeReference,
                                          observations: selection.observations)
    }

    /// Writes `datasets.yaml`, one FITS file per dataset and, when datasets carry FoV
    /// background models (unstacked output), `models.yaml` — as Gammapy's `Datasets.write`
    /// and `Models.write` lay them out — into `output`, which appears complete or not at all.
    public static func write(_ datasets: [MapDataset<WcsGeom>], to output: OutputDirectory) throws {
        try output.write { staging in
            try Datasets(datasets).write(directory: staging, createDirectory: false)
            let models = FoVBackgroundModels(datasets: datasets)
            if !models.entries.isEmpty {  // stacked datasets carry none: their norms are folded in
                try models.write(to: (staging as NSString).appendingPathComponent("models.yaml"))
            }
        }
    }

    /// The on/off spectra a `type: 1d` configuration asks for (`SpectrumReduction`): one per
    /// observation named by its id, or one "stacked".
    public static func runSpectra(config: AnalysisConfig, warningHandler: @escaping @Sendable (String) -> Void) throws -> [SpectrumDatasetOnOff] {
        let selection = try ObservationSelection(config: config)
        selection.warnings.forEach(warningHandler)
        guard !selection.observations.isEmpty else {
            throw ConfigError(key: "observations", "no observations have been selected")
        }
        let reduction = try SpectrumReduction(config: config, warningHandler: warningHandler)
        return try reduction.run(observations: selection.observations, warningHandler: warningHandler)
    }

    /// Writes `datasets.yaml` and one `pha_obs<name>.fits` per spectrum, as Gammapy's
    /// `Datasets.write`, into `output`, which appears complete or not at all. With an OGIP
    /// `format` each spectrum is an OGIP PHA file with its BKG, ARF and RMF files.
    public static func write(_ spectra: [SpectrumDatasetOnOff], to output: OutputDirectory, format: OGIPFormat? = nil) throws {
        try output.write { staging in try SpectrumDatasetOnOff.write(spectra, directory: staging, format: format) }
    }
}
