import DL3
import Datasets
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing
import TestSupport

/// SpectrumDatasetMaker with `use_region_center: false`: the effective area averaged over the
/// region's pixels, weighted by the fraction of each inside (10 × 10 subpixels), against Gammapy
/// 2.1 for circles, an ellipse, a rectangle and a Galactic circle on run 23523
/// (Tests/MakersTests/Fixtures/region-average.json, scripts/reference/region_average_reference.py).
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct SpectrumRegionAverageTests {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let document: JSON = {
        let url = Bundle.module.url(forResource: "region-average", withExtension: "json", subdirectory: "Fixtures")!
        return try! ExactJSON.parse(contentsOf: url) as! JSON
    }()

    static let regions: [String: SkyRegion] = [
        "circle_0p2": SkyRegion(.circle(center: SkyCoord(lon: 83.63, lat: 22.01), radius: 0.2)),
        "circle_0p5": SkyRegion(.circle(center: SkyCoord(lon: 83.63, lat: 22.01), radius: 0.5)),
        "ellipse": SkyRegion(.ellipse(center: SkyCoord(lon: 83.63, lat: 22.01), width: 0.6, height: 0.3, angle: 30)),
        "rectangle": SkyRegion(.rectangle(center: SkyCoord(lon: 83.63, lat: 22.01), width: 0.5, height: 0.3, angle: 15)),
        "galactic_circle_0p3": SkyRegion(.circle(center: SkyCoord(lon: 184.5575, lat: -5.7844, frame: .galactic), radius: 0.3)),
    ]

    @Test(arguments: regions.keys.sorted())
    func averagedExposureIsGammapys(_ name: String) throws {
        let section = (Self.document["cases"] as! JSON)[name] as! JSON
        let region = try #require(Self.regions[name])
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523)
        let energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, unit: "TeV", name: "energy_true")
        let empty = try SpectrumDataset.create(geom: try RegionGeom(region: region, axes: [energy]), energyAxisTrue: energyTrue)

        // the pixels and weights Gammapy averages over
        let averaging = section["averaging"] as! JSON
        let pixels = try empty.exposure!.geom.wcsCoordinatesAndWeights()
        #expect(Double(pixels.weights.count) == averaging["n_weighted_pixels"] as! Double)
        let reference = (averaging["all_lon_lat_weight"] as! [Any]).map { $0 as! [Double] }
        #expect(zip(pixels.weights, reference).allSatisfy { abs($0 - $1[2]) < 1e-12 }, "weights")
        #expect(zip(zip(pixels.lon, pixels.lat), reference).allSatisfy { abs($0.0 - $1[0]) < 1e-9 && abs($0.1 - $1[1]) < 1e-9 }, "pixel centres")

        let averaged = try SpectrumDatasetMaker(useRegionCenter: false).run(empty, observation: observation)
        let centred = try SpectrumDatasetMaker().run(empty, observation: observation)
        func close(_ a: [Double]?, _ b: Any?, _ tolerance: Double) -> Bool {
            guard let a, let b = b as? [Double], a.count == b.count else { return false }
            return zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(abs($1), 1) }
        }
        #expect(close(averaged.exposure?.data, section["exposure_false_m2s"], 1e-10), "averaged exposure")
        #expect(close(centred.exposure?.data, section["exposure_true_m2s"], 1e-10), "exposure at the centre")
        #expect(averaged.counts?.data == section["counts_false"] as? [Double] && centred.counts?.data == averaged.counts?.data)
        // Gammapy keeps the kernel (and its exposure) at the centre either way.
        guard case .kernel(let a)? = averaged.edisp, case .kernel(let c)? = centred.edisp else { Issue.record("no kernels"); return }
        #expect(a.edispKernelMap.data == c.edispKernelMap.data && a.exposureMap?.data == c.exposureMap?.data)
    }
}
