import Datasets
import Foundation
import GammaMaps
import Makers

/// `gammakit stack OUT`: the final output of a sharded reduction, from the partial datasets in
/// `OUT.shards`, in observation order — stacked into the reference dataset as the unsharded
/// reduction stacks them (per `obs_time` interval when asked), or collected for `stack: false`
/// — and written into `OUT` whole, as `gammakit reduce` writes it: the same datasets.
///
/// Observations without a partial dataset (failed, not reduced yet, still running) are named by
/// id and the stack is refused, unless `allowIncomplete`: then they are listed in
/// `failures.yaml` beside the datasets.
public struct ShardStacking: Sendable {
    public let workspace: ShardWorkspace

    public init(output: String) {
        workspace = ShardWorkspace(output: output)
    }

    /// An observation with no partial dataset, and what the shards' status files say of it.
    public struct Missing: Sendable, Equatable {
        public enum Why: Sendable, Equatable {
            /// Its shard tried and failed, with this error.
            case failed(String)
            /// Its shard (`i/n`) is running, or was interrupted while running.
            case running(shard: String)
            case interrupted(shard: String)
            /// No shard has taken it yet.
            case notReduced
        }

        public var obsID: Int
        public var why: Why

        public var reason: String {
            switch why {
            case .failed(let error): "failed: \(error)"
            case .running(let shard): "its shard \(shard) is running"
            case .interrupted(let shard): "its shard \(shard) was interrupted"
            case .notReduced: "not reduced (no shard has taken it yet)"
            }
        }

        public var failed: Bool { if case .failed = why { true } else { false } }
    }

    /// The observations not done yet, in order, with why (failed with an error, or not reduced).
    public func missing(_ manifest: ShardManifest) -> [Missing] {
        let statuses = TaskStatus.all(in: workspace)
        var errors: [Int: String] = [:]
        for status in statuses {
            for failure in status.failures { errors[failure.obsID] = failure.error }
        }
        return manifest.items.enumerated().compactMap { position, item in
            guard workspace.state(position: position, obsID: item.obsID) == .pending else { return nil }
            if let error = errors[item.obsID] { return Missing(obsID: item.obsID, why: .failed(error)) }
            let shard = statuses.first { status in
                status.shard.range(of: manifest.items.count).contains(position)
            }
            guard let shard, shard.state == .running else { return Missing(obsID: item.obsID, why: .notReduced) }
            return Missing(obsID: item.obsID, why: shard.isLost ? .interrupted(shard: shard.shard.description) : .running(shard: shard.shard.description))
        }
    }

    /// The manifest of the sharded reduction, or why there is none.
    public func manifest() throws -> ShardManifest {
        guard workspace.exists else {
            throw ShardError("\(workspace.path): no sharded reduction here (gammakit reduce CONFIG --output \(workspace.output) --shard i/n, or --engine slurm, makes one)")
        }
        return try ShardManifest.read(from: workspace.manifestPath)
    }

    /// Stacks (or collects) the partial datasets of `manifest`, reduced with `config` (its
    /// `readConfig()`), and writes them into `output`; returns the names of the datasets
    /// written and the observations left out (with `allowIncomplete`).
    @discardableResult
    public func write(_ manifest: ShardManifest, config: AnalysisConfig, to output: OutputDirectory, allowIncomplete: Bool = false, spectrumFormat: OGIPFormat? = nil,
                      alsoWrite: @escaping (_ staging: String, _ datasets: [any Dataset]) throws -> Void = { _, _ in },
                      warningHandler: @escaping @Sendable (String) -> Void) throws -> (names: [String], missing: [Missing]) {
        let missing = missing(manifest)
        if !missing.isEmpty && !allowIncomplete {
            let list = missing.prefix(20).map { "  \($0.obsID): \($0.reason)" }.joined(separator: "\n")
            throw ShardError("\(missing.count) of \(manifest.items.count) observation(s) have no partial dataset in \(workspace.partialFolder), so the stack would be incomplete; nothing was written. Rerun their shards, or pass --allow-incomplete to write the rest with failures.yaml:\n\(list)\(missing.count > 20 ? "\n  ..." : "")")
        }
        let done = manifest.items.indices.filter { workspace.state(position: $0, obsID: manifest.items[$0].obsID) == .done }
        guard !done.isEmpty else {
            throw ShardError("no observation of \(workspace.path) was reduced (all \(manifest.items.count) were left out or failed): nothing to write")
        }
        let reports = missing.map { ObservationReport(obsID: $0.obsID, outcome: .failed($0.reason), counts: 0, livetime: .nan, seconds: 0, total: manifest.items.count) }
        let writeFailures: (String) throws -> Void = { staging in if !reports.isEmpty { try FailuresFile.write(reports, into: staging) } }
        let names: [String]
        if config.datasets.type == .spectrum {
            let spectra = try stackSpectra(config, manifest, warningHandler: warningHandler)
            try Reduction.write(spectra, to: output, format: spectrumFormat) { staging in try writeFailures(staging); try alsoWrite(staging, spectra) }
            names = spectra.map(\.name)
        } else if config.datasets.makesOnOffMaps {
            let datasets = try done.map { try MapDatasetOnOff<WcsGeom>.read(from: partial($0, manifest), name: String(manifest.items[$0].obsID)) }
            try Reduction.write(datasets, to: output) { staging in try writeFailures(staging); try alsoWrite(staging, datasets) }
            names = datasets.map(\.name)
        } else {
            let datasets = try stackMaps(config, manifest, done: done, warningHandler: warningHandler)
            try Reduction.write(datasets, to: output) { staging in try writeFailures(staging); try alsoWrite(staging, datasets) }
            names = datasets.map(\.name)
        }
        return (names, missing)
    }

    private func partial(_ position: Int, _ manifest: ShardManifest) -> String {
        workspace.partialStem(position: position, obsID: manifest.items[position].obsID) + ".fits"
    }

    /// A partial MapDataset with its FoV background model.
    private func readMapDataset(_ position: Int, _ manifest: ShardManifest) throws -> MapDataset<WcsGeom> {
        let name = String(manifest.items[position].obsID)
        let dataset = try MapDataset<WcsGeom>.read(from: partial(position, manifest), name: name)
        let models = workspace.partialStem(position: position, obsID: manifest.items[position].obsID) + "-bkg.yaml"
        guard FileManager.default.fileExists(atPath: models) else { return dataset }
        return try FoVBackgroundModels.read(from: models).apply(to: [dataset])[0]
    }

    /// As `Reduction.run`: one "stacked" dataset (one per interval with
    /// `one_dataset_per_interval`), or the observations' datasets.
    private func stackMaps(_ config: AnalysisConfig, _ manifest: ShardManifest, done: [Int],
                           warningHandler: @escaping @Sendable (String) -> Void) throws -> [MapDataset<WcsGeom>] {
        guard config.datasets.stack else { return try done.map { try readMapDataset($0, manifest) } }
        let plan = try ReductionPlan(config: config, jobs: 1, warningHandler: warningHandler)
        guard config.observations.obsTime.oneDatasetPerInterval else {
            var stacked = try plan.makeReference()
            for position in done { try stacked.stack(readMapDataset(position, manifest)) }
            return [stacked]
        }
        var datasets: [MapDataset<WcsGeom>] = []
        for k in 1...max(1, config.observations.obsTime.intervals.count) {
            let positions = manifest.items.indices.filter { manifest.items[$0].interval == k }
            guard !positions.isEmpty else {
                warningHandler("time interval \(k) overlaps no selected observation: it gets no dataset")
                continue
            }
            var stacked = try plan.makeReference()
            stacked.name = "interval_\(k)"
            for position in positions where done.contains(position) { try stacked.stack(readMapDataset(position, manifest)) }
            datasets.append(stacked)
        }
        return datasets
    }

    /// As `Reduction.runSpectra`: the spectra, or them stacked.
    private func stackSpectra(_ config: AnalysisConfig, _ manifest: ShardManifest,
                              warningHandler: @escaping @Sendable (String) -> Void) throws -> [SpectrumDatasetOnOff] {
        let reduction = try SpectrumReduction(config: config, warningHandler: warningHandler)
        let outcomes: [SpectrumReduction.Outcome] = try manifest.items.enumerated().compactMap { position, item in
            switch workspace.state(position: position, obsID: item.obsID) {
            case .done:
                return .spectrum(try SpectrumDatasetOnOff.read(from: partial(position, manifest), name: String(item.obsID)))
            case .skipped:
                if let offset = workspace.skippedOffset(position: position, obsID: item.obsID) { return .outsideFieldOfView(offset) }
                return .noOffRegion
            case .pending:
                return nil
            }
        }
        return try reduction.combine(outcomes)
    }
}
