import Foundation
import Synchronization
import GammaKit

/// The full-DR1 benchmark, the work ../shared/reference/bench/full_dr1_gammapy.py gives Gammapy:
/// every observation of the data store (or the first `limit`) reduced into its own dataset — a
/// 4° × 4° geometry of 0.02° centred on its pointing, energy 0.5–50 TeV in 12 bins, true energy
/// 0.3–100 TeV in 20 bins, all five maps, safe mask aeff-max 10 % + offset-max 2°, FoV background
/// scaled — nothing written; `threads` observations at a time. Also the floor: the same runs'
/// files inflated and parsed, and as many bytes as the datasets hold written to a scratch file.
enum DR1Benchmark {
    struct Result {
        var observations: Int
        var counts: Double
        var perObservation: [Double]
    }

    /// The energy and true-energy axes of every dataset.
    static func axes() throws -> (energy: MapAxis, energyTrue: MapAxis) {
        (try MapAxis.fromEnergyBounds(0.5, 50, nbin: 12), try MapAxis.fromEnergyBounds(0.3, 100, nbin: 20, name: "energy_true"))
    }

    static func observations(_ dataStore: String, limit: Int?) throws -> [Observation] {
        let store = try DataStore(directory: dataStore)
        let ids = Array((store.obsTable?.obsIDs ?? store.obsIDs).prefix(limit ?? .max))
        return try store.observations(ids, required: .allOptional, skipMissing: false).observations
    }

    static func run(dataStore: String, limit: Int?, threads: Int) throws -> Result {
        let observations = try observations(dataStore, limit: limit)
        let (energy, energyTrue) = try axes()
        let mapMaker = MapDatasetMaker()
        let safeMask = try SafeMaskMaker(methods: [.aeffMax, .offsetMax], aeffPercent: 10, offsetMax: 2)
        let background = FoVBackgroundMaker(method: .scale)
        let results = Mutex<[(counts: Double, seconds: Double)?]>(Array(repeating: nil, count: observations.count))
        let failure = ErrorBox()
        concurrentForEach(count: observations.count, workers: threads) { i in
            let start = DispatchTime.now()
            do {
                let observation = observations[i]
                defer { observation.releaseData() }
                let pointing = try observation.pointingICRS(at: observation.tmid())
                let geom = try WcsGeom.create(skydir: pointing, width: LonLat(4), binsz: LonLat(0.02), frame: .icrs, axes: [energy])
                // Gammapy's script makes an empty MapDataset.create first; its maps are never read
                // (MapDatasetMaker takes only the geometries), so GammaKit, as DatasetsMaker does,
                // passes the geometries alone.
                let geoms = try MapDatasetGeoms.create(geom: geom, energyAxisTrue: energyTrue)
                var dataset = try mapMaker.run(on: geoms, name: String(observation.obsID), observation: observation)
                dataset = try safeMask.run(dataset, observation: observation)
                dataset = try background.run(dataset)
                let counts = dataset.counts.map { NumpyCompat.sum($0.data) } ?? 0
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                if let directory = outputDirectory { try writeOutputs(dataset, to: directory) }
                results.withLock { $0[i] = (counts, seconds) }
            } catch {
                failure.set(error)
            }
        }
        if let error = failure.error { throw error }
        let done = results.withLock { $0.map { $0! } }
        return Result(observations: observations.count, counts: done.map(\.counts).reduce(0, +), perObservation: done.map(\.seconds))
    }

    /// When set (`GAMMAKIT_BENCH_WRITE=DIR`), each dataset is written to DIR/OBSID.fits and its
    /// maps' values as held (the bits of every Double, mask bytes) to DIR/OBSID.raw, after its time
    /// is taken: for checking that a change leaves the outputs bit for bit as they were.
    static let outputDirectory = ProcessInfo.processInfo.environment["GAMMAKIT_BENCH_WRITE"]

    static func writeOutputs(_ dataset: MapDataset<WcsGeom>, to directory: String) throws {
        try dataset.write(to: directory + "/\(dataset.name).fits", overwrite: true)
        var maps: [[Double]] = [dataset.counts?.data, dataset.exposure?.data, dataset.background?.data,
                                dataset.psf?.psfMap.data, dataset.psf?.exposureMap?.data].compactMap { $0 }
        switch dataset.edisp {
        case .kernel(let kernel)?: maps += [kernel.edispKernelMap.data, kernel.exposureMap?.data ?? []]
        case .migra(let map)?: maps += [map.edispMap.data, map.exposureMap?.data ?? []]
        case nil: break
        }
        var bytes = [UInt8]()
        for map in maps { map.withUnsafeBytes { bytes += $0 } }
        bytes += (dataset.maskSafe?.data ?? []).map { $0 ? 1 : 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/\(dataset.name).raw"))
    }

    /// The unavoidable part of the same work: each run's file inflated and its HDUs parsed, and
    /// the bytes of its dataset's maps (float32 counts, background, exposure, PSF, energy
    /// dispersion; int64 mask) written once to a scratch file. Returns the per-run seconds.
    static func floor(dataStore: String, limit: Int?, threads: Int) throws -> [Double] {
        let observations = try observations(dataStore, limit: limit)
        let (energy, energyTrue) = try axes()
        let geom = try WcsGeom.create(skydir: SkyCoord(lon: 0, lat: 0), width: LonLat(4), binsz: LonLat(0.02), frame: .icrs, axes: [energy])
        let empty = try MapDataset<WcsGeom>.create(geom: geom, energyAxisTrue: energyTrue)
        let maps = [empty.counts?.data.count, empty.background?.data.count, empty.exposure?.data.count,
                    empty.psf?.psfMap.data.count, empty.psf?.exposureMap?.data.count].compactMap { $0 }.reduce(0, +)
        let bytes = [UInt8](repeating: 1, count: 4 * maps + 8 * (empty.counts?.data.count ?? 0) + 4 * edispCount(empty))
        let scratch = NSTemporaryDirectory() + "gammakit-floor-\(getpid())"
        defer { unlink(scratch) }
        let results = Mutex<[Double]>(Array(repeating: 0, count: observations.count))
        let failure = ErrorBox()
        concurrentForEach(count: observations.count, workers: threads) { i in
            let start = DispatchTime.now()
            do {
                let observation = observations[i]
                let files = Set(observation.locations.values.map(\.path))
                for path in files { _ = try FITSFile(path: path) }
                let fd = open(scratch + "-\(i)", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
                close(fd)
                unlink(scratch + "-\(i)")
            } catch {
                failure.set(error)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            results.withLock { $0[i] = seconds }
        }
        if let error = failure.error { throw error }
        return results.withLock { $0 }
    }

    private static func edispCount(_ dataset: MapDataset<WcsGeom>) -> Int {
        switch dataset.edisp {
        case .kernel(let kernel)?: return kernel.edispKernelMap.data.count + (kernel.exposureMap?.data.count ?? 0)
        case .migra(let map)?: return map.edispMap.data.count + (map.exposureMap?.data.count ?? 0)
        case nil: return 0
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
