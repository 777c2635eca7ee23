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
/// Observations are reduced on all cores while the finished ones are stacked, in observation
/// order, on the calling thread, so the result does not depend on scheduling; at most a few
/// observations' datasets are in memory at once, whatever their number. An observation whose
/// cutout misses the reference geometry is left out with a warning naming it, as in Gammapy.
public struct DatasetsMaker: Sendable {
    public var makers: [any DatasetMaker<WcsGeom>]
    public var stackDatasets: Bool
    public var cutoutMode: CutoutMode
    /// Cutout width in degrees; nil means 2 × the safe-mask maker's `offsetMax`, or no cutout.
    public var cutoutWidth: Double?
    /// Observations reduced at once (default: the number of cores).
    public var parallelism: Int
    /// Receives warnings (observations left out, makers that could not normalise a background).
    public var warningHandler: @Sendable (String) -> Void
    /// Told about each observation as it is taken, in observation order, on the calling thread.
    public var onObservation: (@Sendable (ObservationReport) -> Void)?
    /// Whether an observation whose dataset cannot be made (files missing or damaged, bad IRFs)
    /// is reported as failed (`onObservation`) and left out, instead of stopping the run.
    public var skipFailed = false

    public init(makers: [any DatasetMaker<WcsGeom>], stackDatasets: Bool = true, cutoutMode: CutoutMode = .trim,
                cutoutWidth: Double? = nil, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
                warningHandler: @escaping @Sendable (String) -> Void = { _ in }) {
        self.makers = makers
        self.stackDatasets = stackDatasets
        self.cutoutMode = cutoutMode
        self.cutoutWidth = cutoutWidth
        self.parallelism = max(1, parallelism)
        self.warningHandler = warningHandler
    }

    /// The first maker when it makes its dataset from geometries alone.
    var geometryMaker: (any GeometryDatasetMaker)? { makers.first as? any GeometryDatasetMaker }

    /// The width of each observation's cutout, or nil for none.
    public var effectiveCutoutWidth: Double? {
        if let cutoutWidth { return cutoutWidth }
        return makers.lazy.compactMap(\.cutoutWidth).first
    }

    /// Reduces `observations` into `dataset` (stacked) or into one dataset per observation,
    /// named `nameForObservation(obsID)` (default: the observation id).
    public func run(_ dataset: MapDataset<WcsGeom>, observations: [Observation],
                    nameForObservation: @escaping @Sendable (Int) -> String = { String($0) }) throws -> [MapDataset<WcsGeom>] {
        try reduce(observations, source: .dataset(dataset), reference: { dataset }, nameForObservation: nameForObservation)
    }

    /// Reduces `observations` on cutouts of `geometries` into the dataset `reference` makes
    /// (stacked), or into one dataset per observation — what `run(reference(), observations:)`
    /// does when the chain starts with a `MapDatasetMaker`, which uses only the reference's
    /// geometries.
    ///
    /// `reference` is called on the calling thread once the first observations are under way
    /// (its empty maps are tens of megabytes for a 3D reduction: the calling thread would
    /// otherwise only wait), and the stacked maps are this run's own, stacked in place from the
    /// first observation on (a reference also held by the caller is copied at the first stack).
    /// Without a leading `MapDatasetMaker`, this is `run(reference(), observations:)`.
    public func run(geometries: MapDatasetGeoms, reference: () throws -> MapDataset<WcsGeom>, observations: [Observation],
                    nameForObservation: @escaping @Sendable (Int) -> String = { String($0) }) throws -> [MapDataset<WcsGeom>] {
        guard geometryMaker != nil else {
            return try run(reference(), observations: observations, nameForObservation: nameForObservation)
        }
        return try reduce(observations, source: .geometries(geometries), reference: reference, nameForObservation: nameForObservation)
    }

    /// Reduces `observations` on cutouts of `geometries` one by one, handing each observation's
    /// dataset to `body` in observation order on the calling thread (nil: outside the geometry,
    /// or failed with `skipFailed`, and then why), neither stacked nor kept: what a shard of a
    /// reduction writes, one partial dataset per observation. `stackDatasets` plays no part.
    public func forEachDataset(geometries: MapDatasetGeoms, observations: [Observation],
                               nameForObservation: @escaping @Sendable (Int) -> String = { String($0) },
                               _ body: (_ index: Int, _ dataset: MapDataset<WcsGeom>?, _ failure: String?) throws -> Void) throws {
        precondition(geometryMaker != nil, "the chain must start with a MapDatasetMaker")
        try reduce(observations, source: .geometries(geometries), nameForObservation: nameForObservation, consume: body)
    }

    /// What the observations' datasets are cut from: a reference dataset, or its geometries only.
    private enum Source: Sendable {
        case dataset(MapDataset<WcsGeom>)
        case geometries(MapDatasetGeoms)

        var geometries: MapDatasetGeoms? {
            switch self {
            case .dataset(let dataset): return dataset.geometries
            case .geometries(let geoms): return geoms
            }
        }
    }

    private func reduce(_ observations: [Observation], source: Source, reference: () throws -> MapDataset<WcsGeom>,
                        nameForObservation: @escaping @Sendable (Int) -> String) throws -> [MapDataset<WcsGeom>] {
        var stacked: MapDataset<WcsGeom>?
        var datasets: [MapDataset<WcsGeom>] = []
        try reduce(observations, source: source, nameForObservation: nameForObservation, whileFirstRun: {
            if stackDatasets { stacked = try reference() }
        }) { _, made, _ in
            guard let made else { return }
            if stacked != nil { try stacked!.stack(made) } else { datasets.append(made) }
        }
        return stacked.map { [$0] } ?? datasets
    }

    /// The observations' datasets, handed to `consume` in observation order on the calling
    /// thread; `whileFirstRun` is called once the first observations are under way.
    private func reduce(_ observations: [Observation], source: Source, nameForObservation: @escaping @Sendable (Int) -> String,
                        whileFirstRun: () throws -> Void = {},
                        consume: (Int, MapDataset<WcsGeom>?, String?) throws -> Void) throws {
        // The observations' cutouts are windows of the reference's images: their pixel positions
        // and solid angles are computed once for all of them, by this thread while the first
        // observations' events are binned.
        let images = [source.geometries?.geom, source.geometries?.psf].compactMap { $0 }
        images.forEach(ImageGeometryCache.shared.register)
        // One observation per core: a further one queued saved no time but held ~20 MB more.
        let pipeline = OrderedPipeline<Made>(count: observations.count, inFlight: parallelism)
        pipeline.start { [self] i in
            let start = DispatchTime.now()
            let observation = observations[i]
            let livetime = (try? observation.liveTime()) ?? .nan
            var failure: String?
            var dataset: MapDataset<WcsGeom>?
            do {
                dataset = try makeDataset(source, observation: observation, name: nameForObservation(observation.obsID))
            } catch where skipFailed {
                failure = "\(error)"
            }
            // for the report, on this worker: the counts it adds to a stack, those in its safe mask
            let counts = onObservation == nil ? 0 : dataset.map(ObservationReport.safeCounts) ?? 0
            return Made(dataset: dataset, failure: failure, counts: counts, livetime: livetime,
                        seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        defer { pipeline.cancel() }  // an error below stops the jobs not yet started
        let background = geometryMaker?.needsSolidAngles ?? false
        for (k, image) in images.enumerated() { ImageGeometryCache.shared.prepare(image, solidAngles: k == 0 && background) }
        try whileFirstRun()
        for i in observations.indices {
            let result = try pipeline.result(i)
            if let onObservation {
                let outcome: ObservationReport.Outcome = result.failure.map { .failed($0) }
                    ?? (result.dataset == nil ? .skipped("outside the reference geometry") : .reduced)
                onObservation(ObservationReport(obsID: observations[i].obsID, outcome: outcome,
                                                counts: result.counts, livetime: result.livetime, seconds: result.seconds,
                                                total: observations.count))
            }
            try consume(i, result.dataset, result.failure)
            pipeline.consumed(i)
        }
    }

    /// An observation's dataset (nil: outside the geometry, or failed with `skipFailed`), its
    /// counts in the safe mask (when reported), livetime and how long it took.
    private struct Made: Sendable {
        var dataset: MapDataset<WcsGeom>?
        var failure: String?
        var counts: Double
        var livetime: Double
        var seconds: Double
    }

    /// One observation's dataset: cutout (or copy), then every maker; nil when the cutout misses.
    /// When the chain starts with a `MapDatasetMaker`, which uses only the reference's
    /// geometries, only the geometries are cut out.
    public func makeDataset(_ dataset: MapDataset<WcsGeom>, observation: Observation, name: String) throws -> MapDataset<WcsGeom>? {
        try makeDataset(.dataset(dataset), observation: observation, name: name)
    }

    private func makeDataset(_ source: Source, observation: Observation, name: String) throws -> MapDataset<WcsGeom>? {
        // Its events and IRFs are not needed once its dataset is made: with thousands of runs
        // they would otherwise all stay in memory (read again, lazily, if asked for later).
        defer { observation.releaseData() }
        var remaining = makers[...]
        var local: MapDataset<WcsGeom>
        do {
            let mapMaker = geometryMaker
            if let width = effectiveCutoutWidth {
                // Gammapy cuts out around the mid-time pointing expressed in Galactic coordinates.
                let pointing = try observation.pointingICRS(at: observation.tmid()).transformed(to: .galactic)
                if let mapMaker, let geoms = source.geometries {
                    local = try mapMaker.run(on: geoms.cutout(position: pointing, width: LonLat(width), mode: cutoutMode),
                                             name: name, observation: observation)
                    remaining = makers.dropFirst()
                } else {
                    guard case .dataset(let dataset) = source else { preconditionFailure("geometries need a MapDatasetMaker") }
                    local = try dataset.cutout(position: pointing, width: LonLat(width), mode: cutoutMode, name: name)
                }
            } else {
                switch source {
                case .dataset(let dataset):
                    local = dataset.copy(name: name)
                case .geometries(let geoms):
                    local = try mapMaker!.run(on: geoms, name: name, observation: observation)
                    remaining = makers.dropFirst()
                }
            }
        } catch let error as MapError where error.kind == .noOverlap {
            warningHandler("observation \(observation.obsID) discarded because it is outside the FOV of the reference geometry")
            return nil
        }
        for maker in remaining {
            local = try maker.run(local, observation: observation)
        }
        return local
    }
}

/// Runs `count` jobs on all cores, at most `inFlight` of them started but not yet consumed, and
/// hands their results out in index order.
///
/// A job is started when the result `inFlight` places before it has been consumed
/// (`startNext()`, from the consuming thread): no thread of the shared pool ever waits for a
/// slot (a pool thread blocked on a semaphore left one of two cores idle for the whole first
/// observation). While a result is consumed (stacked) only `inFlight` − 1 jobs run beside it:
/// the consuming thread takes the place of the next job, whose dataset would otherwise be one
/// more in memory (seed-3d-stacked at 2 jobs: peak RSS 189 → 178 MB, page faults 40.6k → 37.5k).
/// With `inFlight` 1 the next job starts when a result is taken, so that one keeps running.
final class OrderedPipeline<T: Sendable>: @unchecked Sendable {
    private let count: Int
    private let inFlight: Int
    private let condition = NSCondition()
    private var results: [Int: Result<T, Error>] = [:]
    private var job: (@Sendable (Int) throws -> T)?
    private var next = 0
    private var cancelled = false

    init(count: Int, inFlight: Int) {
        self.count = count
        self.inFlight = max(1, inFlight)
    }

    func start(_ job: @escaping @Sendable (Int) throws -> T) {
        condition.lock()
        self.job = job
        let first = min(inFlight, count)
        next = first
        condition.unlock()
        for i in 0..<first { launch(i, job) }
    }

    private func launch(_ i: Int, _ job: @escaping @Sendable (Int) throws -> T) {
        DispatchQueue.global().async { [self] in
            let result = Result { try job(i) }
            condition.lock()
            results[i] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Starts no further jobs (those running finish and are dropped).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.unlock()
    }

    /// The result of job `i` (waits for it); call `consumed(i)` once it is used.
    func result(_ i: Int) throws -> T {
        condition.lock()
        while results[i] == nil { condition.wait() }
        let result = results.removeValue(forKey: i)!
        condition.unlock()
        if inFlight == 1 { startNext() }
        return try result.get()
    }

    /// Result `i` has been used: the next job starts in its place.
    func consumed(_ i: Int) {
        if inFlight > 1 { startNext() }
    }

    private func startNext() {
        condition.lock()
        var started: (Int, @Sendable (Int) throws -> T)?
        if !cancelled, next < count, let job {
            started = (next, job)
            next += 1
        }
        condition.unlock()
        if let (k, job) = started { launch(k, job) }
    }
}
