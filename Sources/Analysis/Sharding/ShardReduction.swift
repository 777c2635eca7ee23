import Datasets
import DL3
import Foundation
import GammaMaps
import Makers

/// One shard of a reduction (`gammakit reduce CONFIG --output OUT --shard i/n`): the shard's
/// observations, each reduced by the configuration's makers as in an unsharded run and written
/// as a partial dataset into `OUT.shards` (`ShardWorkspace`), in observation order; what a
/// previous run of the shard finished is not reduced again. `ShardStacking` then makes `OUT`.
///
/// An observation that cannot be reduced does not stop the others: it is listed in the shard's
/// status file (and the result), and a rerun tries it again.
public struct ShardReduction: Sendable {
    public let workspace: ShardWorkspace
    public let shard: Shard

    public init(output: String, shard: Shard) {
        workspace = ShardWorkspace(output: output)
        self.shard = shard
    }

    /// Reduces the shard; returns its final status (state `failed` when observations failed).
    public func run(configPath: String, config: AnalysisConfig, memoryLimit: Double? = nil, jobs: Int = Reduction.defaultJobs,
                    onObservation: (@Sendable (ObservationReport) -> Void)? = nil,
                    warningHandler: @escaping @Sendable (String) -> Void) throws -> TaskStatus {
        let (selection, manifest) = try Self.prepare(workspace, configPath: configPath, config: config, warningHandler: warningHandler)
        let mine = shard.range(of: manifest.items.count)
        workspace.removeTemporaries(of: mine.map { (position: $0, obsID: manifest.items[$0].obsID) })
        let pending = mine.filter { workspace.state(position: $0, obsID: manifest.items[$0].obsID) == .pending }
        var status = TaskStatus.starting(shard, observations: mine.count)
        status.alreadyDone = mine.count - pending.count
        try status.write(to: workspace.statusPath(shard))
        let observations = pending.map { selection.observations[$0] }
        do {
            if observations.isEmpty {
            } else if config.datasets.type == .spectrum {
                try reduceSpectra(config, observations, positions: pending, status: &status, jobs: jobs,
                                  onObservation: onObservation, warningHandler: warningHandler)
            } else {
                try ReductionMemory(config: config, observationCount: observations.count, jobs: jobs).check(limit: memoryLimit)
                try reduceMaps(config, observations, positions: pending, status: &status, jobs: jobs,
                               onObservation: onObservation, warningHandler: warningHandler)
            }
        } catch {
            status.state = .failed
            status.error = "\(error)"
            status.finished = TaskStatus.now()
            try? status.write(to: workspace.statusPath(shard))
            throw error
        }
        status.state = status.failures.isEmpty ? .done : .failed
        status.finished = TaskStatus.now()
        try status.write(to: workspace.statusPath(shard))
        return status
    }

    /// The selection of a sharded reduction and its manifest, written into `workspace` (made
    /// if needed) or checked against the one there: what every shard, and a scheduler's
    /// submission, does first.
    @discardableResult
    public static func prepare(_ workspace: ShardWorkspace, configPath: String, config: AnalysisConfig,
                               warningHandler: @escaping @Sendable (String) -> Void) throws -> (ObservationSelection, ShardManifest) {
        let selection = try ObservationSelection(config: config)
        selection.warnings.forEach(warningHandler)
        guard !selection.observations.isEmpty else {
            throw ConfigError(key: "observations", "no observations have been selected")
        }
        try Reduction.checkTimeSelection(config, selection)
        let manifest = try ShardManifest(configPath: configPath, selection: selection,
                                         hasIntervals: config.observations.obsTime.oneDatasetPerInterval)
        try workspace.create()
        try manifest.writeOrCheck(workspace)
        return (selection, manifest)
    }

    private func reduceMaps(_ config: AnalysisConfig, _ observations: [Observation], positions: [Int], status: inout TaskStatus, jobs: Int,
                            onObservation: (@Sendable (ObservationReport) -> Void)?, warningHandler: @escaping @Sendable (String) -> Void) throws {
        let plan = try ReductionPlan(config: config, jobs: jobs, warningHandler: warningHandler)
        var maker = plan.datasetsMaker
        maker.onObservation = onObservation
        maker.skipFailed = true
        try maker.forEachDataset(geometries: plan.referenceGeometries, observations: observations) { k, dataset, failure in
            let position = positions[k], obsID = observations[k].obsID
            if let failure {
                status.failures.append(.init(obsID: obsID, error: failure))
            } else if let dataset {
                let stem = workspace.partialStem(position: position, obsID: obsID)
                if let ring = plan.onOffMaker {
                    try ring.run(dataset).write(to: stem + ".fits", overwrite: true, lossless: true)
                } else {
                    if let model = dataset.backgroundModel {  // before the FITS file, whose presence means done
                        try FoVBackgroundModels(entries: [.init(datasetName: dataset.name, model: model)])
                            .write(to: stem + "-bkg.yaml", overwrite: true, writeCovariance: false, checksum: false)
                    }
                    try dataset.write(to: stem + ".fits", overwrite: true, lossless: true)
                }
                status.reduced += 1
            } else {
                try workspace.markSkipped(position: position, obsID: obsID, reason: "outside the reference geometry")
                status.skipped += 1
            }
        }
    }

    private func reduceSpectra(_ config: AnalysisConfig, _ observations: [Observation], positions: [Int], status: inout TaskStatus, jobs: Int,
                               onObservation: (@Sendable (ObservationReport) -> Void)?, warningHandler: @escaping @Sendable (String) -> Void) throws {
        let reduction = try SpectrumReduction(config: config, warningHandler: warningHandler)
        let outcomes = try reduction.outcomes(observations: observations, jobs: jobs, onObservation: onObservation, skipFailed: true,
                                              warningHandler: warningHandler)
        for (k, outcome) in outcomes.enumerated() {
            let position = positions[k], obsID = observations[k].obsID
            switch outcome {
            case .spectrum(let spectrum):
                try spectrum.write(to: workspace.partialStem(position: position, obsID: obsID) + ".fits", overwrite: true, lossless: true)
                status.reduced += 1
            case .failed(let why):
                status.failures.append(.init(obsID: obsID, error: why))
            case .outsideFieldOfView(let offset):
                try workspace.markSkipped(position: position, obsID: obsID, reason: "the ON region is outside its field of view", offset: offset)
                status.skipped += 1
            case .noOffRegion:
                try workspace.markSkipped(position: position, obsID: obsID, reason: "no OFF region")
                status.skipped += 1
            }
        }
    }
}
