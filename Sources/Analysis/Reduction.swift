import Datasets
import DL3
import Foundation
import Synchronization
import Makers
import GammaMaps

/// A whole reduction as Gammapy's `Analysis.get_observations()` + `get_datasets()` does it,
/// and its output in Gammapy's layout.
public enum Reduction {
    /// The datasets a configuration asks for: one "stacked" dataset, or one per observation
    /// named by its id. Warnings (runs skipped or left out) go to `warningHandler`.
    /// A reduction that would need more than `memoryLimit` bytes (default: the machine's
    /// memory) is refused before anything is allocated (`ReductionMemory`).
    /// Observations are reduced `jobs` at a time (default: one per core); the datasets do not
    /// depend on it, bit for bit.
    public static func run(config: AnalysisConfig, memoryLimit: Double? = nil, jobs: Int = defaultJobs,
                           onObservation: (@Sendable (ObservationReport) -> Void)? = nil, skipFailed: Bool = false,
                           warningHandler: @escaping @Sendable (String) -> Void) throws -> [MapDataset<WcsGeom>] {
        let (datasets, plan) = try reduceMaps(config: config, memoryLimit: memoryLimit, jobs: jobs, onObservation: onObservation, skipFailed: skipFailed,
                                                 warningHandler: warningHandler)
        guard plan.onOffMaker == nil else {
            throw ConfigError(key: "datasets.background.method", "an unstacked ring reduction makes MapDatasetOnOff datasets: use Reduction.runOnOff")
        }
        return datasets
    }

    /// The per-observation on/off datasets of an unstacked ring reduction
    /// (`DatasetsConfig.makesOnOffMaps`), as Gammapy's DatasetsMaker returns them.
    public static func runOnOff(config: AnalysisConfig, memoryLimit: Double? = nil, jobs: Int = defaultJobs,
                           onObservation: (@Sendable (ObservationReport) -> Void)? = nil, skipFailed: Bool = false,
                                warningHandler: @escaping @Sendable (String) -> Void) throws -> [MapDatasetOnOff<WcsGeom>] {
        let (datasets, plan) = try reduceMaps(config: config, memoryLimit: memoryLimit, jobs: jobs, onObservation: onObservation, skipFailed: skipFailed,
                                                 warningHandler: warningHandler)
        guard let ring = plan.onOffMaker else {
            throw ConfigError(key: "datasets.background.method", "on/off datasets come from an unstacked ring background (method ring or adaptive_ring, stack: false)")
        }
        // each observation's ring on its own dataset, `jobs` at a time, in order
        let results = Mutex<[Result<MapDatasetOnOff<WcsGeom>, Error>?]>(Array(repeating: nil, count: datasets.count))
        concurrentForEach(count: datasets.count, workers: jobs) { i in
            let result = Result { try ring.run(datasets[i]) }
            results.withLock { $0[i] = result }
        }
        return try results.withLock { $0 }.map { try $0!.get() }
    }

    /// The number of cores: observations reduced at once unless asked otherwise.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }

    private static func reduceMaps(config: AnalysisConfig, memoryLimit: Double?, jobs: Int,
                                   onObservation: (@Sendable (ObservationReport) -> Void)?, skipFailed: Bool,
                                   warningHandler: @escaping @Sendable (String) -> Void) throws -> ([MapDataset<WcsGeom>], ReductionPlan) {
        let selection = try ObservationSelection(config: config)
        selection.warnings.forEach(warningHandler)
        guard !selection.observations.isEmpty else {
            throw ConfigError(key: "observations", "no observations have been selected")
        }
        try checkTimeSelection(config, selection)
        let memory = ReductionMemory(config: config, observationCount: selection.observations.count, jobs: jobs)
        try memory.check(limit: memoryLimit)
        let plan = try ReductionPlan(config: config, jobs: jobs, warningHandler: warningHandler)
        var maker = plan.datasetsMaker
        maker.onObservation = onObservation
        maker.skipFailed = skipFailed
        guard config.observations.obsTime.oneDatasetPerInterval else {
            let datasets = try maker.run(geometries: plan.referenceGeometries, reference: plan.makeReference,
                                         observations: selection.observations)
            return (datasets, plan)
        }
        // Our extension: one stacked dataset per time interval, for a light curve.
        var datasets: [MapDataset<WcsGeom>] = []
        for (k, group) in selection.intervalGroups.enumerated() {
            guard !group.isEmpty else {
                warningHandler("time interval \(k + 1) overlaps no selected observation: it gets no dataset")
                continue
            }
            let made = try maker.run(geometries: plan.referenceGeometries, reference: {
                var reference = try plan.makeReference()
                reference.name = "interval_\(k + 1)"
                return reference
            }, observations: group)
            datasets += made
        }
        return (datasets, plan)
    }

    /// Refuses what `obs_time` makes impossible: two datasets of one run (a run overlapping two
    /// intervals, unstacked: Gammapy's Datasets refuses the repeated name), one dataset per
    /// interval unstacked or for spectra.
    static func checkTimeSelection(_ config: AnalysisConfig, _ selection: ObservationSelection) throws {
        let obsTime = config.observations.obsTime
        if obsTime.oneDatasetPerInterval && (!config.datasets.stack || config.datasets.type == .spectrum) {
            throw ConfigError(key: "observations.obs_time.one_dataset_per_interval",
                              "one dataset per interval stacks the observations of each interval: it needs datasets.type: 3d and stack: true")
        }
        guard !config.datasets.stack else { return }
        var seen = Set<Int>()
        for observation in selection.observations where !seen.insert(observation.obsID).inserted {
            throw ConfigError(key: "observations.obs_time",
                              "observation \(observation.obsID) overlaps two time intervals, and unstacked datasets are named by their observation (Gammapy refuses the repeated name); stack them, or make the intervals disjoint in each run")
        }
    }

    /// Writes `datasets.yaml`, one FITS file per dataset and, when datasets carry FoV
    /// background models (unstacked output), `models.yaml` — as Gammapy's `Datasets.write`
    /// and `Models.write` lay them out — into `output`, which appears complete or not at all.
    /// `alsoWrite` adds files (pictures) to the staging folder, so that they appear with the rest.
    public static func write(_ datasets: [MapDataset<WcsGeom>], to output: OutputDirectory,
                             alsoWrite: (_ staging: String) throws -> Void = { _ in }) throws {
        try output.write { staging in
            try alsoWrite(staging)
            try Datasets(datasets).write(directory: staging, createDirectory: false)
            let models = FoVBackgroundModels(datasets: datasets)
            if !models.entries.isEmpty {  // stacked datasets carry none: their norms are folded in
                try models.write(to: (staging as NSString).appendingPathComponent("models.yaml"))
            }
        }
    }

    /// Writes `datasets.yaml` and one FITS file per on/off dataset (Gammapy's MapDatasetOnOff
    /// layout) into `output`, which appears complete or not at all.
    public static func write(_ datasets: [MapDatasetOnOff<WcsGeom>], to output: OutputDirectory,
                             alsoWrite: (_ staging: String) throws -> Void = { _ in }) throws {
        try output.write { staging in
            try alsoWrite(staging)
            try Datasets(datasets).write(directory: staging, createDirectory: false)
        }
    }

    /// The on/off spectra a `type: 1d` configuration asks for (`SpectrumReduction`): one per
    /// observation named by its id, or one "stacked".
    public static func runSpectra(config: AnalysisConfig, jobs: Int = defaultJobs,
                                  onObservation: (@Sendable (ObservationReport) -> Void)? = nil, skipFailed: Bool = false,
                                  warningHandler: @escaping @Sendable (String) -> Void) throws -> [SpectrumDatasetOnOff] {
        let selection = try ObservationSelection(config: config)
        selection.warnings.forEach(warningHandler)
        guard !selection.observations.isEmpty else {
            throw ConfigError(key: "observations", "no observations have been selected")
        }
        try checkTimeSelection(config, selection)
        let reduction = try SpectrumReduction(config: config, warningHandler: warningHandler)
        return try reduction.run(observations: selection.observations, jobs: jobs, onObservation: onObservation, skipFailed: skipFailed,
                                 warningHandler: warningHandler)
    }

    /// Writes `datasets.yaml` and one `pha_obs<name>.fits` per spectrum, as Gammapy's
    /// `Datasets.write`, into `output`, which appears complete or not at all. With an OGIP
    /// `format` each spectrum is an OGIP PHA file with its BKG, ARF and RMF files.
    public static func write(_ spectra: [SpectrumDatasetOnOff], to output: OutputDirectory, format: OGIPFormat? = nil,
                             alsoWrite: (_ staging: String) throws -> Void = { _ in }) throws {
        try output.write { staging in
            try alsoWrite(staging)
            try SpectrumDatasetOnOff.write(spectra, directory: staging, format: format)
        }
    }
}
