import Datasets
import Foundation
import GammaMaps
import Sky
import Testing

typealias FoVJSON = [String: Any]

/// Synthetic datasets and the Gammapy fixtures of `scripts/reference/fov_reference.py`.
enum FoVSupport {
    static func fixture(_ name: String) -> FoVJSON {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! FoVJSON
    }

    static func number(_ any: Any?) -> Double { (any as! NSNumber).doubleValue }
    static func numbers(_ any: Any?) -> [Double] { (any as! [Any]).map(number) }

    /// An ICRS CAR geometry with a log energy axis (Gammapy's `MapAxis.from_energy_bounds`).
    static func geom(center: (Double, Double) = (83.63, 22.01), width: Double = 2.0, binsz: Double = 0.1,
                     energy: (Double, Double, Int) = (1, 10, 4)) throws -> WcsGeom {
        let axis = try MapAxis.fromEnergyBounds(energy.0, energy.1, nbin: energy.2, unit: "TeV", name: "energy")
        return try WcsGeom.create(skydir: SkyCoord(lon: center.0, lat: center.1), width: LonLat(width),
                                  binsz: LonLat(binsz), axes: [axis])
    }

    /// A dataset with deterministic pseudo-random Poisson-like counts around `truth` × background
    /// (background varying with energy and position), a full safe mask.
    static func dataset(name: String = "synthetic", geom: WcsGeom, truthNorm: Double = 1.1, truthTilt: Double = 0.0,
                        seed: UInt64 = 7) -> MapDataset<WcsGeom> {
        // (maps are filled as arrays: element-wise writes through `Map.data` copy the array in debug builds)
        var background = [Double](repeating: 0, count: geom.dataCount)
        var counts = background
        let plane = geom.spatialPixelCount
        let centers = geom.axes[0].centers
        var rng = SplitMix(seed: seed)
        for k in background.indices {
            let e = k / plane
            let pixel = k % plane
            let b = 2.0 * pow(centers[e], -1.2) * (1 + 0.3 * sin(Double(pixel) * 0.05))
            background[k] = b
            let mean = b * truthNorm * pow(centers[e], -truthTilt)
            counts[k] = Double(rng.poisson(mean))
        }
        return MapDataset<WcsGeom>(name: name, counts: try! WcsNDMap(geom: geom, data: counts),
                          background: try! WcsNDMap(geom: geom, data: background),
                          maskSafe: WcsNDMap<Bool>.fromGeom(geom, fill: true))
    }
}

/// A small deterministic generator (SplitMix64) with a Poisson sampler (Knuth's method).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func poisson(_ mean: Double) -> Int {
        let limit = exp(-mean)
        var k = 0
        var p = uniform()
        while p > limit {
            k += 1
            p *= uniform()
        }
        return k
    }
}

/// Collects warnings passed to a maker's handler.
final class WarningSink: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var messages: [String] { lock.withLock { stored } }
    func append(_ message: String) { lock.withLock { stored.append(message) } }
}
