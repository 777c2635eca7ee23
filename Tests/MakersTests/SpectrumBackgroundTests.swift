import DL3
import Datasets
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing
import TestSupport

/// SpectrumDatasetMaker's background spectrum from the background IRF, at the region's centre
/// and summed over its pixels (`use_region_center` true and false), against Gammapy 2.1 for
/// H.E.S.S. (reversed-longitude RADEC background) and CTA 1DC (Galactic region)
/// (Tests/MakersTests/Fixtures/spectrum-background.json, scripts/reference/spectrum_background_reference.py).
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct SpectrumBackgroundTests {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let document: JSON = {
        let url = Bundle.module.url(forResource: "spectrum-background", withExtension: "json", subdirectory: "Fixtures")!
        return try! ExactJSON.parse(contentsOf: url) as! JSON
    }()

    static let cases: [String: (store: String, obsID: Int, region: SkyRegion)] = [
        "hess_circle": ("hess-dl3-dr1", 23523, SkyRegion(.circle(center: SkyCoord(lon: 83.63, lat: 22.01), radius: 0.2))),
        "hess_ellipse": ("hess-dl3-dr1", 23523, SkyRegion(.ellipse(center: SkyCoord(lon: 83.63, lat: 22.01), width: 0.6, height: 0.3, angle: 30))),
        "hess_offaxis": ("hess-dl3-dr1", 23523, SkyRegion(.circle(center: SkyCoord(lon: 85.0, lat: 22.01), radius: 0.3))),
        "cta_circle": ("cta-1dc/index/gps", 110380, SkyRegion(.circle(center: SkyCoord(lon: 0, lat: 0, frame: .galactic), radius: 0.3))),
    ]

    @Test(arguments: cases.keys.sorted())
    func backgroundSpectrumIsGammapys(_ name: String) throws {
        let section = (Self.document["cases"] as! JSON)[name] as! JSON
        let spec = try #require(Self.cases[name])
        let observation = try DataStore(directory: GammapyData.file(spec.store)).observation(spec.obsID)
        let axis = try MapAxis.fromEnergyEdges(section["energy_edges_tev"] as! [Double])
        let empty = try SpectrumDataset.create(geom: try RegionGeom(region: spec.region, axes: [axis]))
        let omega = try empty.counts!.geom.solidAngle()
        #expect(abs(omega - (section["solid_angle_sr"] as! Double)) <= 1e-10 * (section["solid_angle_sr"] as! Double))
        for (useCenter, key) in [(true, "background_true"), (false, "background_false")] {
            let made = try SpectrumDatasetMaker(selection: [.background], useRegionCenter: useCenter).run(empty, observation: observation)
            let reference = section[key] as! [Double]
            let values = try #require(made.background?.data)
            #expect(values.count == reference.count)
            // Within 2e-7: the sky-map background's evaluation (as the 3D scenarios check it).
            #expect(zip(values, reference).allSatisfy { abs($0 - $1) <= 1e-6 * abs($1) }, "\(name) use_region_center=\(useCenter): \(values) vs \(reference)")
        }
    }
}
