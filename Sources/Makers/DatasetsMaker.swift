import DL3
import Datasets
import Foundation
import GammaMaps
import Sky

/// Runs a chain of makers over observations (Gammapy's `DatasetsMaker`): each observation gets
/// its cutout of the reference dataset around its pointing at mid-time, `cutoutWidth` wide
/// (default twice the safe-mask maker's `offsetMax`), then every maker in order; the results
/// are stacked into the reference dataset, or returned one per observation.
///
/// Observations are reduced in parallel, a bounded window at a time (memory stays flat for
/// thousands of runs), and stacked in observation order, so the result does not depend on
/// scheduling. An observation whose cutout misses the reference geometry is left out with a
/// warning naming it, as in Gammapy.
public struct DatasetsMaker: Sendable {
    public var makers: [any DatasetMaker]
    public var stackDatasets: Bool
    public var cutoutMode: CutoutMode
    /// Cutout width in degrees; nil means 2 × the safe-mask maker's `offsetMax`, or no cutout.
    public var cutoutWidth: Double?
    /// Observations reduced at once (default: the number of cores).
    public var parallelism: Int
    /// Receives warnings (observations left out, makers that could not normalise a background).
    public var warningHandler: @Sendable (String) -> Void

    public init(makers: [any DatasetMaker], stackDatasets: Bool = true, cutoutMode: CutoutMode = .trim,
                cutoutWidth: Double? = nil, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
                warningHandler: @escaping @Sendable (String) -> Void = { _ in }) {
        self.makers = makers
        self.stackDatasets = stackDatasets
        self.cutoutMode = cutoutMode
        self.cutoutWidth = cutoutWidth
        self.parallelism = max(1, parallelism)
        self.warningHandler = warningHandler
    }

    /// The width of each observation's cutout, or nil for none.
    public var effectiveCutoutWidth: Double? {
        if let cutoutWidth { return cutoutWidth }
        for maker in makers { if let safe = maker as? SafeMaskMaker { return 2 * safe.offsetMax } }
        return nil
    }

    /// Reduces `observations` into `dataset` (stacked) or into one dataset per observation,
    /// named `nameForObservation(obsID)` (default: the observation id).
    public func run(_ dataset: MapDataset, observations: [Observation],
                    nameForObservation: @Sendable (Int) -> String = { String($0) }) throws -> [MapDataset] {
        var stacked = dataset
        var datasets: [MapDataset] = []
        var start = 0
        while start < observations.count {
            let window = Array(observations[start..<min(start + parallelism, observations.count)])
            let results = window.concurrentMap { observation in
                Result { try makeDataset(dataset, observation: observation, name: nameForObservation(observation.obsID)) }
            }
            for result in results {
                guard let made = try result.get() else { continue }
                if stackDatasets { try stacked.stack(made) } else { datasets.append(made) }
            }
            start += window.count
        }
        return stackDatasets ? [stacked] : datasets
    }

    /// One observation's dataset: cutout (or copy), then every maker; nil when the cutout misses.
    public func makeDataset(_ dataset: MapDataset, observation: Observation, name: String) throws -> MapDataset? {
        var local: MapDataset
        if let width = effectiveCutoutWidth {
            // Gammapy cuts out around the mid-time pointing expressed in Galactic coordinates.
            let pointing = try observation.pointingICRS(at: observation.tmid()).transformed(to: .galactic)
            do {
                local = try dataset.cutout(position: pointing, width: LonLat(width), mode: cutoutMode, name: name)
            } catch let error as MapError where error.kind == .noOverlap {
                warningHandler("observation \(observation.obsID) discarded because it is outside the FOV of the reference geometry")
                return nil
            }
        } else {
            local = dataset.copy(name: name)
        }
        for maker in makers {
            local = try maker.run(local, observation: observation)
        }
        return local
    }
}
