import DL3
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing
import TestSupport

/// Point-like spectra as Gammapy 2.1 counts them, from `Fixtures/pointlike-regions.json`
/// (scripts/reference/pointlike_reference.py): MAGIC (energy-dependent RAD_MAX_2D) and VERITAS
/// (fixed RAD_MAX keyword) Crab runs with a point ON region, OFF points from the wobble finder,
/// ON and OFF events within RAD_MAX, the all-or-nothing overlap rule, and a VERITAS circle of
/// the fixed RAD_MAX radius with the reflected and wobble finders.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct PointLikeRegionsTests {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let document: JSON = {
        let url = Bundle.module.url(forResource: "pointlike-regions", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! JSON
    }()

    static func store(_ section: JSON) throws -> DataStore {
        try DataStore(directory: (section["data"] as! String).replacingOccurrences(of: "$GAMMAPY_DATA", with: GammapyData.path!))
    }

    static func energyAxis(_ section: JSON) throws -> MapAxis {
        let spec = section["energy_axis"] as! JSON
        let axis = try MapAxis.fromEnergyBounds(spec["e_min"] as! Double, spec["e_max"] as! Double, nbin: spec["nbin"] as! Int,
                                                perDecade: spec["per_decade"] as! Bool, unit: spec["unit"] as! String)
        #expect(zip(axis.edges, spec["edges"] as! [Double]).allSatisfy { abs($0 - $1) <= 1e-13 * $1 })
        return axis
    }

    static func sky(_ spec: JSON) -> SkyCoord { SkyCoord(ra: spec["ra"] as! Double, dec: spec["dec"] as! Double) }

    static func expectSameCenters(_ found: [SkyRegion], _ expected: [[Double]], _ label: String) {
        #expect(found.count == expected.count, "\(label): \(found.count) regions, Gammapy \(expected.count)")
        for (region, row) in zip(found, expected) {
            let separation = region.center.separation(to: SkyCoord(ra: row[0], dec: row[1]))
            #expect(separation < 1e-9, "\(label): centre off by \(separation) deg")
        }
    }

    @Test(arguments: ["magic", "veritas"])
    func pointOnRegionAsGammapy(instrument: String) throws {
        let section = Self.document[instrument] as! JSON
        let store = try Self.store(section)
        let geom = try RegionGeom(region: SkyRegion(.point(center: Self.sky(section["on_region"] as! JSON))), axes: [try Self.energyAxis(section)])
        for testCase in section["cases"] as! [JSON] {
            let id = testCase["obs_id"] as! Int, n = testCase["n_off_regions_param"] as! Int
            let label = "\(instrument) \(id) wobble \(n)"
            let observation = try store.observation(id, required: .pointLike)
            var warnings: [String] = []
            let off = try ReflectedOffCounts(onGeom: geom, observation: observation, finder: try WobbleRegionsFinder(nOffRegions: n),
                                             exclusionMask: nil, datasetName: "\(id)") { warnings.append($0) }
            Self.expectSameCenters(off.regions, testCase["off_regions_kept"] as! [[Double]], label)
            let counts = try geom.makeCountsRadMax(radMax: try observation.radMax()!, events: try observation.events())
            #expect(counts.data == testCase["counts"] as! [Double], "\(label) counts")
            #expect(off.countsOff?.data == testCase["counts_off"] as? [Double], "\(label) counts_off")
            #expect(off.acceptanceOff == (testCase["acceptance_off"] as! [Double])[0], "\(label) acceptance_off")
            let overlapping = (testCase["gammapy_log_warnings"] as! [String]).contains { $0.hasSuffix("Found overlapping on/off regions, choose less off regions") }
            #expect(warnings.contains("Found overlapping on/off regions, choose less off regions") == overlapping, "\(label): \(warnings)")
        }
    }

    @Test func circleOfTheFixedRadMaxAsGammapy() throws {
        let section = Self.document["veritas_circle"] as! JSON
        let on = section["on_region"] as! JSON
        let store = try Self.store(Self.document["veritas"] as! JSON)
        let geom = try RegionGeom(region: SkyRegion(.circle(center: Self.sky(on), radius: on["radius_deg"] as! Double)),
                                  axes: [try Self.energyAxis(Self.document["veritas"] as! JSON)])
        for testCase in section["cases"] as! [JSON] {
            let id = testCase["obs_id"] as! Int, finderLabel = testCase["finder_label"] as! String
            let finder: any RegionsFinder = finderLabel.lowercased().contains("wobble") ? try WobbleRegionsFinder(nOffRegions: 3) : try ReflectedRegionsFinder()
            let observation = try store.observation(id, required: .pointLike)
            let off = try ReflectedOffCounts(onGeom: geom, observation: observation, finder: finder, exclusionMask: nil, datasetName: "\(id)")
            #expect(off.regions.count == testCase["n_off_regions"] as! Int, "\(id) \(finderLabel)")
            #expect(try geom.makeCounts(events: try observation.events()).data == testCase["counts"] as! [Double], "\(id) \(finderLabel) counts")
            #expect(off.countsOff?.data == testCase["counts_off"] as? [Double], "\(id) \(finderLabel) counts_off")
        }
    }

    @Test func incompatibleOnRegionsAreRefused() throws {
        let magic = try Self.store(Self.document["magic"] as! JSON).observation(5029747, required: .pointLike)
        let veritas = try Self.store(Self.document["veritas"] as! JSON).observation(64080, required: .pointLike)
        let axis = try MapAxis.fromEnergyBounds(0.1, 10, nbin: 3, unit: "TeV")
        let circle = try RegionGeom(region: SkyRegion(.circle(center: SkyCoord(ra: 83.633, dec: 22.014), radius: 0.1)), axes: [axis])
        // MAGIC's RAD_MAX depends on energy: only a point ON region fits it.
        #expect(throws: MapMakingError.self) {
            try ReflectedOffCounts(onGeom: circle, observation: magic, finder: try WobbleRegionsFinder(nOffRegions: 3), exclusionMask: nil, datasetName: "m")
        }
        // VERITAS's is fixed at 0.0894 deg: a 0.1 deg circle is refused, naming both radii.
        do {
            _ = try ReflectedOffCounts(onGeom: circle, observation: veritas, finder: try WobbleRegionsFinder(nOffRegions: 3), exclusionMask: nil, datasetName: "v")
            Issue.record("a 0.1 deg circle was accepted")
        } catch let error as MapMakingError {
            #expect("\(error)".contains("expected 0.0894427") && "\(error)".contains("got 0.1 deg"), "\(error)")
        }
        let point = try RegionGeom(region: SkyRegion(.point(center: SkyCoord(ra: 83.633, dec: 22.014))), axes: [axis])
        #expect(throws: RegionsFinderError.self) {
            try ReflectedOffCounts(onGeom: point, observation: veritas, finder: try ReflectedRegionsFinder(), exclusionMask: nil, datasetName: "v")
        }
    }
}
