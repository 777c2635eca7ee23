import FITSIO
import Foundation
import Testing
@testable import GammaMaps
import Sky

/// WcsGeom against Gammapy 2.1 (`Fixtures/geometries.json`, written by
/// `scripts/reference/maps_reference.py`): headers, pixel ↔ world, solid angles, separations.
@Suite struct WcsGeomTests {
    typealias JSON = MapsFixture.JSON

    nonisolated(unsafe) static let geometries = MapsFixture.json("geometries.json")["geometries"] as! JSON
    static let names = geometries.keys.sorted()

    static func entry(_ name: String) -> JSON { geometries[name] as! JSON }

    @Test(arguments: names)
    func headerIsGammapys(_ name: String) throws {
        let e = Self.entry(name)
        let geom = try MapsFixture.geometry(e["args"] as! JSON)
        let expected = MapsFixture.cards(e["header"])
        let ours: [(key: String, value: MapsFixture.FITSValueLike)] = geom.headerCards.map { card in
            switch card.value {
            case .int(let i): return (card.key, .int(i))
            case .double(let d): return (card.key, .double(d))
            case .bool(let b): return (card.key, .bool(b))
            case .string(let s): return (card.key, .string(s))
            case .undefined: return (card.key, .string(""))
            }
        }
        #expect(ours.map(\.key) == expected.map(\.key), "\(name): keywords")
        for (a, b) in zip(ours, expected) {
            #expect(a.value == b.value, "\(name): \(a.key) is \(a.value), Gammapy has \(b.value)")
        }
        #expect(geom.dataShape == MapsFixture.ints(e["data_shape"]))
        let npix = MapsFixture.ints(e["npix"])
        #expect([geom.npix.lon, geom.npix.lat] == npix)
        #expect(geom.isAllSky == (e["is_allsky"] as! Bool))
    }

    @Test(arguments: names)
    func pixelToWorldAgrees(_ name: String) throws {
        let e = Self.entry(name)
        let geom = try MapsFixture.geometry(e["args"] as! JSON)
        let pix = e["pix"] as! JSON, world = e["world"] as! JSON
        let (lon, lat) = geom.pixelToWorld(x: MapsFixture.doubles(pix["x"]), y: MapsFixture.doubles(pix["y"]))
        let expectedLon = MapsFixture.doubles(world["lon"]), expectedLat = MapsFixture.doubles(world["lat"])
        var worst = 0.0
        for k in lon.indices {
            #expect(isClose(lat[k], expectedLat[k], atol: 1e-9), "\(name) lat[\(k)] \(lat[k]) vs \(expectedLat[k])")
            var dlon = abs(lon[k] - expectedLon[k])
            dlon = min(dlon, abs(dlon - 360))
            if !(lon[k].isNaN && expectedLon[k].isNaN) {
                #expect(dlon <= 1e-9, "\(name) lon[\(k)] \(lon[k]) vs \(expectedLon[k])")
                worst = max(worst, dlon)
            }
        }
        let input = e["world_in"] as! JSON, out = e["pix_out"] as! JSON
        let (x, y) = geom.worldToPixel(lon: MapsFixture.doubles(input["lon"]), lat: MapsFixture.doubles(input["lat"]))
        let ex = MapsFixture.doubles(out["x"]), ey = MapsFixture.doubles(out["y"])
        for k in x.indices {
            #expect(isClose(x[k], ex[k], atol: 1e-7), "\(name) x[\(k)] \(x[k]) vs \(ex[k])")
            #expect(isClose(y[k], ey[k], atol: 1e-7), "\(name) y[\(k)] \(y[k]) vs \(ey[k])")
        }
        let center = MapsFixture.doubles(e["center_skydir"])
        #expect(isClose(geom.centerSkyDir.lon, center[0], atol: 1e-9) && isClose(geom.centerSkyDir.lat, center[1], atol: 1e-9))
        let cp = MapsFixture.doubles(e["center_pix"])
        #expect(geom.centerPix.x == cp[0] && geom.centerPix.y == cp[1])
    }

    @Test(arguments: names)
    func solidAngleIsGammapys(_ name: String) throws {
        let e = Self.entry(name)
        let geom = try MapsFixture.geometry(e["args"] as! JSON)
        let s = e["solid_angle"] as! JSON
        let solid = geom.solidAngle()
        let rows = MapsFixture.ints(s["rows"]), cols = MapsFixture.ints(s["cols"])
        let values = MapsFixture.doubles(s["values"])
        var k = 0, worst = 0.0
        for r in rows {
            for c in cols {
                let ours = solid[r * geom.npix.lon + c]
                #expect(isClose(ours, values[k], rtol: 1e-10), "\(name) [\(r), \(c)] \(ours) vs \(values[k])")
                if values[k].isFinite { worst = max(worst, abs(ours / values[k] - 1)) }
                k += 1
            }
        }
        let finite = solid.filter(\.isFinite)
        #expect(isClose(finite.reduce(0, +), s["nansum"] as! Double, rtol: 1e-10))
        #expect(solid.count - finite.count == s["nan_count"] as! Int)
    }

    @Test(arguments: names)
    func separationAndContains(_ name: String) throws {
        let e = Self.entry(name)
        let geom = try MapsFixture.geometry(e["args"] as! JSON)
        let s = e["separation"] as! JSON
        let c = MapsFixture.doubles(s["center"])
        let sep = geom.separation(from: SkyCoord(lon: c[0], lat: c[1], frame: geom.frame))
        let rows = MapsFixture.ints(s["rows"]), cols = MapsFixture.ints(s["cols"])
        let values = MapsFixture.doubles(s["values"])
        var k = 0
        for r in rows {
            for col in cols {
                #expect(isClose(sep[r * geom.npix.lon + col], values[k], atol: 1e-9), "\(name) separation [\(r), \(col)]")
                k += 1
            }
        }
        let contains = e["contains"] as! JSON
        let inside = geom.contains(lon: MapsFixture.doubles(contains["lon"]), lat: MapsFixture.doubles(contains["lat"]))
        #expect(inside == MapsFixture.bools(contains["inside"]), "\(name) contains")
    }

    @Test func badArgumentsGiveClearErrors() throws {
        func expectError(_ kind: MapError.Kind, _ subject: String, _ body: () throws -> WcsGeom) {
            do {
                _ = try body()
                Issue.record("expected a \(kind) error about \(subject)")
            } catch let error as MapError {
                #expect(error.kind == kind && error.subject == subject, "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        let crab = SkyCoord(ra: 83.63, dec: 22.01)
        expectError(.unknownProjection, "proj") { try WcsGeom.create(skydir: crab, width: 5, binsz: 0.02, proj: "XYZ") }
        expectError(.unknownProjection, "proj") { try WcsGeom.create(skydir: crab, width: 5, binsz: 0.02, proj: "") }
        expectError(.invalidArgument, "width") { try WcsGeom.create(skydir: crab, width: 0, binsz: 0.02) }
        expectError(.invalidArgument, "width") { try WcsGeom.create(skydir: crab, width: [5, -1], binsz: 0.02) }
        expectError(.invalidArgument, "binsz") { try WcsGeom.create(skydir: crab, width: 5, binsz: 0) }
        expectError(.invalidArgument, "binsz") { try WcsGeom.create(skydir: crab, width: 5, binsz: -0.1) }
        expectError(.invalidArgument, "binsz") { try WcsGeom.create(skydir: crab, width: 5, binsz: 6) }
        expectError(.invalidArgument, "binsz") { try WcsGeom.create(skydir: crab, width: 5, binsz: LonLat(.nan)) }
        expectError(.invalidArgument, "skydir") { try WcsGeom.create(skydir: SkyCoord(lon: 0, lat: 95), width: 5, binsz: 0.1) }
        // unknown frames arrive as CTYPE in a header
        var header = FITSHeader()
        header.set("CTYPE1", .string("ELON-CAR"))
        header.set("CTYPE2", .string("ELAT-CAR"))
        header.set("NAXIS1", .int(10))
        header.set("NAXIS2", .int(10))
        expectError(.unknownFrame, "header, CTYPE1") { try WcsGeom.fromHeader(header) }
    }

    @Test func unsortedAxisEdgesAreRejected() {
        #expect(throws: MapAxisError.self) { try MapAxis.fromEdges([1, 3, 2], name: "energy", unit: "TeV") }
    }

    @Test func equalityAndAlignment() throws {
        let a = try MapsFixture.geometry(named: "car_icrs_005")
        let b = try MapsFixture.geometry(named: "car_icrs_005")
        #expect(a == b)
        #expect(a != a.toImage())
        #expect(a != (try MapsFixture.geometry(named: "car_icrs_002")))
        let cut = try a.cutout(position: SkyCoord(ra: 84, dec: 22.3), width: 1)
        #expect(cut.isAligned(a))
        #expect(!(try MapsFixture.geometry(named: "car_icrs_002")).isAligned(a))
    }

    @Test func resamplingKeepsTheSky() throws {
        let geom = try MapsFixture.geometry(named: "car_icrs_005").toImage()
        let down = try geom.downsample(2)
        #expect(down.npix == LonLat(50))
        #expect(down.wcs.crpix == [25.5, 25.5] && down.wcs.cdelt == [-0.1, 0.1])
        #expect(isClose(down.centerSkyDir.separation(to: geom.centerSkyDir), 0, atol: 1e-12))
        let up = try geom.upsample(3)
        #expect(up.npix == LonLat(300) && up.wcs.crpix == [150.5, 150.5])
        #expect(throws: MapError.self) { try geom.downsample(3) }
        let padded = try geom.padSpatial(LonLat(2))
        #expect(padded.npix == LonLat(104) && padded.wcs.crpix == [52.5, 52.5])
        #expect(try padded.crop(LonLat(2)) == geom)
    }
}
