import Foundation
import Testing
@testable import GammaMaps
import Sky

/// Region masks against Gammapy 2.1 / regions 0.11 (`Fixtures/masks.json`): every pixel equal.
@Suite struct RegionMaskTests {
    typealias JSON = MapsFixture.JSON

    nonisolated(unsafe) static let masks = MapsFixture.json("masks.json")["masks"] as! JSON

    static func region(_ d: JSON) -> SkyRegion {
        let frame = SkyFrame(name: d["frame"] as! String)!
        func coord(_ v: [Double]) -> SkyCoord { SkyCoord(lon: v[0], lat: v[1], frame: frame) }
        switch d["type"] as! String {
        case "circle": return .circle(center: coord(MapsFixture.doubles(d["center"])), radius: d["radius"] as! Double)
        case "annulus":
            return .circleAnnulus(center: coord(MapsFixture.doubles(d["center"])), innerRadius: d["inner_radius"] as! Double,
                                  outerRadius: d["outer_radius"] as! Double)
        case "ellipse":
            return .ellipse(center: coord(MapsFixture.doubles(d["center"])), width: d["width"] as! Double,
                            height: d["height"] as! Double, angle: d["angle"] as! Double)
        case "rectangle":
            return .rectangle(center: coord(MapsFixture.doubles(d["center"])), width: d["width"] as! Double,
                              height: d["height"] as! Double, angle: d["angle"] as! Double)
        case "polygon":
            let lon = MapsFixture.doubles(d["lon"]), lat = MapsFixture.doubles(d["lat"])
            return .polygon(vertices: zip(lon, lat).map { SkyCoord(lon: $0, lat: $1, frame: frame) })
        case "point": return .point(coord(MapsFixture.doubles(d["center"])))
        default: fatalError("unknown region type")
        }
    }

    @Test(arguments: masks.keys.sorted())
    func maskEqualsGammapys(_ name: String) throws {
        let m = Self.masks[name] as! JSON
        let geom = try MapsFixture.geometry(named: m["geometry"] as! String).toImage()
        var regions = (m["regions"] as! [JSON]).map(Self.region)
        if let op = m["operator"] as? String {
            let a = regions[0], b = regions[1]
            switch op {
            case "intersection": regions = [a.intersection(b)]
            case "xor": regions = [a.symmetricDifference(b)]
            default: regions = [a.union(b)]
            }
        }
        let mask = geom.regionMask(regions, inside: m["inside"] as! Bool)
        let expected = MapsFixture.mask(runs: m["true_runs"], count: geom.dataCount)
        let differing = zip(mask.data, expected).filter { $0 != $1 }.count
        #expect(differing == 0, "\(name): \(differing) pixels differ from Gammapy")
        #expect(mask.data.filter { $0 }.count == m["count"] as! Int)
    }

    @Test func tutorialExclusionMaskFromDS9() throws {
        let geom = try MapsFixture.geometry(named: "car_icrs_005").toImage()
        let c = geom.centerSkyDir
        let mask = try geom.regionMask("icrs;circle(\(c.lon),\(c.lat),0.2)", inside: false)
        let m = Self.masks["tutorial_exclusion"] as! JSON
        #expect(mask.data == MapsFixture.mask(runs: m["true_runs"], count: geom.dataCount))
    }

    @Test func maskBroadcastsOverAxes() throws {
        let geom = try MapsFixture.geometry(named: "car_icrs_005")
        let mask = geom.regionMask([.circle(center: geom.centerSkyDir, radius: 0.2)])
        #expect(mask.data.count == geom.dataCount)
        let plane = geom.spatialPixelCount
        #expect(Array(mask.data[0..<plane]) == Array(mask.data[(10 * plane)..<(11 * plane)]))
    }

    @Test func exclusionRegionInvertsContains() throws {
        let geom = try MapsFixture.geometry(named: "tan_gal").toImage()
        let regions = try SkyRegion.parseDS9("galactic;-circle(10.5,-1.2,0.3)")
        #expect(regions[0].include == false)
        let mask = geom.regionMask(regions)
        let plain = geom.regionMask([.circle(center: SkyCoord(l: 10.5, b: -1.2), radius: 0.3)])
        #expect(mask.data == plain.data.map { !$0 })
    }
}
