import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing

/// The reflected and wobble regions finders against Gammapy 2.1's, from
/// `Fixtures/reflected-regions.json` (written by `scripts/reference/reflected_reference.py`):
/// the makers tutorial's four Crab runs and run 23523 with other finder settings and exclusion
/// masks, each with the pointing Gammapy used (`get_pointing_icrs(tmid)`) and the OFF regions it
/// found.
struct ReflectedRegionsFinderTests {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let document: JSON = {
        let url = Bundle.module.url(forResource: "reflected-regions", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! JSON
    }()

    static let onRegionNames = ["tutorial", "crab-0.11"]

    static func coord(_ json: JSON) -> SkyCoord {
        SkyCoord(lon: json["lon"] as! Double, lat: json["lat"] as! Double, frame: json["frame"] as! String == "galactic" ? .galactic : .icrs)
    }

    static func circle(_ json: JSON) -> SkyRegion {
        SkyRegion(.circle(center: coord(json["center"] as! JSON), radius: json["radius_deg"] as! Double))
    }

    static func onRegion(_ name: String) -> SkyRegion {
        circle(((document["on_regions"] as! JSON)[name] as! JSON)["definition"] as! JSON)
    }

    /// The exclusion mask the script built (true = usable sky), checked against its count of
    /// excluded pixels.
    static func exclusion(_ name: String) throws -> WcsNDMap<Bool>? {
        let spec = (document["exclusions"] as! JSON)[name] as! JSON
        guard let geomSpec = spec["geom"] as? JSON else { return nil }
        let skydir = geomSpec["skydir"] as! [Double]
        let binsz = geomSpec["binsz_deg"] as! Double
        let frame: SkyFrame = geomSpec["frame"] as! String == "galactic" ? .galactic : .icrs
        let geom: WcsGeom
        if let npix = geomSpec["npix"] as? [Int] {
            geom = try WcsGeom.create(skydir: SkyCoord(lon: skydir[0], lat: skydir[1], frame: frame), binsz: LonLat(binsz),
                                      npix: LonLat(lon: npix[0], lat: npix[1]), frame: frame, proj: geomSpec["proj"] as! String)
        } else {
            let width = geomSpec["width_deg"] as! Double
            geom = try WcsGeom.create(skydir: SkyCoord(lon: skydir[0], lat: skydir[1], frame: frame), width: LonLat(width),
                                      binsz: LonLat(binsz), frame: frame, proj: geomSpec["proj"] as! String)
        }
        let regions = (spec["regions"] as! [JSON]).map(circle)
        let mask = geom.regionMask(regions, inside: spec["inside"] as! Bool)
        #expect(mask.data.count { !$0 } == spec["n_excluded_pixels"] as! Int, "exclusion \(name)")
        return mask
    }

    static func pointing(_ json: JSON) -> SkyCoord {
        SkyCoord(ra: json["ra"] as! Double, dec: json["dec"] as! Double)
    }

    static func finder(_ json: JSON) throws -> ReflectedRegionsFinder {
        try ReflectedRegionsFinder(angleIncrement: json["angle_increment_rad"] as! Double, minDistance: json["min_distance_rad"] as! Double,
                                   minDistanceInput: json["min_distance_input_rad"] as! Double,
                                   maxRegionNumber: json["max_region_number"] as! Int, binsz: json["binsz_deg"] as! Double)
    }

    /// OFF regions equal to Gammapy's `[ra, dec, radius]` rows: same number, same order,
    /// centres and radii to 1e-9 deg.
    static func expectSame(_ found: [SkyRegion], _ expected: [[Double]], _ label: String) {
        #expect(found.count == expected.count, "\(label): \(found.count) regions, Gammapy \(expected.count)")
        for (region, row) in zip(found, expected) {
            guard case .circle(let center, let radius) = region.shape else {
                Issue.record("\(label): not a circle")
                continue
            }
            let separation = center.separation(to: SkyCoord(ra: row[0], dec: row[1]))
            #expect(separation < 1e-9, "\(label): centre off by \(separation) deg")
            #expect(abs(radius - row[2]) < 1e-9, "\(label): radius \(radius), Gammapy \(row[2])")
        }
    }

    @Test(arguments: onRegionNames)
    func tutorialRunsAsGammapy(on: String) throws {
        let section = (Self.document["tutorial"] as! JSON)[on] as! JSON
        let finder = try Self.finder(section["finder"] as! JSON)
        let mask = try Self.exclusion((section["exclusion"] as! JSON)["name"] as! String)
        for run in section["runs"] as! [JSON] {
            let found = try finder.run(region: Self.onRegion(on), center: Self.pointing(run["pointing"] as! JSON), exclusionMask: mask)
            Self.expectSame(found.regions, run["off_regions"] as! [[Double]], "\(on) run \(run["obs_id"] as! Int)")
            let wcs = run["finder_wcs"] as! JSON
            #expect(found.geom.npix.lon == (wcs["npix"] as! [Int])[0] && found.geom.wcs.crpix == wcs["crpix"] as! [Double])
        }
    }

    @Test(arguments: onRegionNames)
    func finderSettingsAsGammapy(on: String) throws {
        for testCase in (Self.document["finder_params"] as! JSON)[on] as! [JSON] {
            let label = testCase["label"] as! String
            let finder = try Self.finder(testCase["finder"] as! JSON)
            let mask = try Self.exclusion(testCase["exclusion"] as! String)
            let found = try finder.run(region: Self.onRegion(on), center: Self.pointing(testCase["pointing"] as! JSON), exclusionMask: mask)
            Self.expectSame(found.regions, testCase["off_regions"] as! [[Double]], "\(on) \(label)")
            let frame = try RegionsFinderFrame(region: Self.onRegion(on), center: Self.pointing(testCase["pointing"] as! JSON),
                                               binsz: finder.binsz, exclusionMask: nil)
            let range = finder.angleRange(Self.onRegion(on), frame)
            #expect(abs(range.min - (testCase["angle_min_rad"] as! Double)) < 1e-12, "\(label)")
            #expect(abs(range.max - (testCase["angle_max_rad"] as! Double)) < 1e-12, "\(label)")
        }
    }

    @Test(arguments: onRegionNames)
    func wobbleAsGammapy(on: String) throws {
        for testCase in (Self.document["wobble"] as! JSON)[on] as! [JSON] {
            let finder = try WobbleRegionsFinder(nOffRegions: testCase["n_off_regions_param"] as! Int, binsz: testCase["binsz_deg"] as! Double)
            let mask = try Self.exclusion(testCase["exclusion"] as! String)
            let found = try finder.run(region: Self.onRegion(on), center: Self.pointing(testCase["pointing"] as! JSON), exclusionMask: mask)
            Self.expectSame(found.regions, testCase["off_regions"] as! [[Double]], "wobble \(on) \(testCase["label"]!)")
        }
    }

    @Test func badSettingsAndPointRegionsAreRefused() throws {
        #expect(throws: RegionsFinderError.self) { try ReflectedRegionsFinder(angleIncrement: 0) }
        #expect(throws: RegionsFinderError.self) { try WobbleRegionsFinder(nOffRegions: 0) }
        let point = SkyRegion(.point(center: SkyCoord(ra: 83.63, dec: 22.01)))
        #expect(throws: RegionsFinderError.self) {
            try ReflectedRegionsFinder().run(region: point, center: SkyCoord(ra: 83.63, dec: 22.51))
        }
        // The wobble finder takes a point ON region: three points at 90°, 180°, 270° about the pointing.
        let found = try WobbleRegionsFinder(nOffRegions: 3).run(region: point, center: SkyCoord(ra: 83.63, dec: 22.51))
        #expect(found.regions.count == 3)
        #expect(found.regions.allSatisfy { abs($0.center.separation(to: SkyCoord(ra: 83.63, dec: 22.51)) - 0.5) < 1e-3 })
    }
}
