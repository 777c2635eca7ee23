import FITSIO
import Foundation
import Testing
@testable import GammaMaps
import Sky
import TestSupport

/// DS9 strings and region geometries against regions 0.11 and Gammapy 2.1
/// (`Fixtures/regions_ds9.json`, `Fixtures/region_geoms.json`).
@Suite struct RegionTests {
    typealias JSON = MapsFixture.JSON

    nonisolated(unsafe) static let ds9 = MapsFixture.json("regions_ds9.json")
    nonisolated(unsafe) static let geoms = MapsFixture.json("region_geoms.json")["geoms"] as! JSON

    static func describe(_ r: SkyRegion) -> JSON {
        var d: JSON = ["include": r.include ? 1 : 0]
        switch r.shape {
        case .circle(let c, let radius):
            d["class"] = "CircleSkyRegion"; d["center"] = [c.lon, c.lat]; d["frame"] = c.frame.rawValue; d["radius"] = radius
        case .circleAnnulus(let c, let a, let b):
            d["class"] = "CircleAnnulusSkyRegion"; d["center"] = [c.lon, c.lat]; d["frame"] = c.frame.rawValue
            d["inner_radius"] = a; d["outer_radius"] = b
        case .ellipse(let c, let w, let h, let a):
            d["class"] = "EllipseSkyRegion"; d["center"] = [c.lon, c.lat]; d["frame"] = c.frame.rawValue
            d["width"] = w; d["height"] = h; d["angle"] = a
        case .rectangle(let c, let w, let h, let a):
            d["class"] = "RectangleSkyRegion"; d["center"] = [c.lon, c.lat]; d["frame"] = c.frame.rawValue
            d["width"] = w; d["height"] = h; d["angle"] = a
        case .polygon(let v):
            d["class"] = "PolygonSkyRegion"; d["lon"] = v.map(\.lon); d["lat"] = v.map(\.lat); d["frame"] = v[0].frame.rawValue
        case .point(let c):
            d["class"] = "PointSkyRegion"; d["center"] = [c.lon, c.lat]; d["frame"] = c.frame.rawValue
        case .compound: d["class"] = "CompoundSkyRegion"
        }
        return d
    }

    @Test func parsesDS9AsRegionsDoes() throws {
        for case let entry as JSON in Self.ds9["parsed"] as! [Any] {
            let text = entry["string"] as! String
            let ours = try SkyRegion.parseDS9(text)
            let expected = entry["regions"] as! [JSON]
            #expect(ours.count == expected.count, "\(text)")
            for (r, e) in zip(ours, expected) {
                let d = Self.describe(r)
                #expect(d["class"] as! String == e["class"] as! String, "\(text)")
                #expect(d["include"] as! Int == (e["include"] as! NSNumber).intValue, "\(text) include")
                let frame = (e["frame"] as! String) == "fk5" ? "icrs" : e["frame"] as! String  // FK5 is read as ICRS
                #expect(d["frame"] as! String == frame, "\(text) frame")
                for key in ["center", "lon", "lat"] where e[key] != nil {
                    let a = d[key] as! [Double], b = MapsFixture.doubles(e[key])
                    for (x, y) in zip(a, b) { #expect(isClose(x, y, atol: 1e-12), "\(text) \(key) \(a) vs \(b)") }
                }
                for key in ["radius", "inner_radius", "outer_radius", "width", "height", "angle"] where e[key] != nil {
                    #expect(isClose(d[key] as! Double, (e[key] as! NSNumber).doubleValue, atol: 1e-12), "\(text) \(key)")
                }
            }
        }
    }

    @Test func writesDS9AsRegionsDoes() throws {
        for case let entry as JSON in Self.ds9["serialized"] as! [Any] {
            let expected = entry["ds9"] as! String
            let regions = try SkyRegion.parseDS9(expected)
            #expect(try SkyRegion.serializeDS9(regions) == expected)
        }
        let list = Self.ds9["serialized_list"] as! String
        #expect(try SkyRegion.serializeDS9(try SkyRegion.parseDS9(list)) == list)
    }

    @Test func badDS9GivesClearErrors() {
        for text in ["circle(1,2,3)", "icrs;circle(1,2)", "icrs;circle(1,2,-3)", "image;circle(1,2,3)",
                     "icrs;vector(1,2,3,4)", "icrs;polygon(1,2,3,4)", "ecliptic;circle(1,2,3)", "icrs;circle(a,b,c)",
                     "icrs;annulus(0,0,0.3,0.1)", "icrs;circle(1,95,1)"] {
            #expect(throws: MapError.self, "\(text)") { try SkyRegion.parseDS9(text) }
        }
    }

    /// A region table with a shape astropy-regions does not write is refused naming the HDU and
    /// the shape, not read as some other region.
    @Test func unknownRegionShapeInAFileIsNamed() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("spectrum.fits")
        let map = RegionNDMap<Double>.fromGeom(try RegionGeom(region: nil, axes: [try MapAxis.fromEnergyBounds(1, 10, nbin: 2, unit: "TeV")]))
        let writer = try FITSWriter(path: path)
        try writer.writeEmptyPrimary()
        try map.append(to: writer, hdu: "SKYMAP")
        let wcs = try WcsGeom.create(skydir: SkyCoord(lon: 83.63, lat: 22.01), binsz: LonLat(0.1), npix: LonLat(lon: 6, lat: 6), proj: "TAN")
        try writer.writeTable(name: "SKYMAP_REGION", columns: [
            FITSColumn("SHAPE", .string(["vector"])), FITSColumn("X", .double([2.5])), FITSColumn("Y", .double([2.5])),
            FITSColumn("R", .double([2])), FITSColumn("ROTANG", .double([0])),
        ], rowCount: 1, header: wcs.headerCards.map { FITSCard($0.key, $0.value) })
        try writer.commit()
        let error = #expect(throws: MapError.self) { try RegionNDMap<Double>.read(from: path) }
        #expect(error?.description.contains("SKYMAP_REGION") == true && error?.description.contains("'vector' is not supported") == true,
                "\(String(describing: error))")
    }

    @Test(arguments: geoms.keys.sorted())
    func regionGeomIsGammapys(_ name: String) throws {
        let e = Self.geoms[name] as! JSON
        let geom = try RegionGeom.create(e["ds9"] as! String, axes: [MapsFixture.energyAxis(3)])
        let width = MapsFixture.doubles(e["width"])
        #expect(isClose(geom.width.lon, width[0], rtol: 1e-12) && isClose(geom.width.lat, width[1], rtol: 1e-12),
                "\(name) width \(geom.width) vs \(width)")
        let center = MapsFixture.doubles(e["center_skydir"])
        #expect(isClose(geom.centerSkyDir.lon, center[0], atol: 1e-9) && isClose(geom.centerSkyDir.lat, center[1], atol: 1e-9))
        #expect(geom.frame.rawValue == e["frame"] as! String)
        #expect(geom.dataShape == MapsFixture.ints(e["data_shape"]))
        let header = MapsFixture.cards(e["wcs_header"])
        let ours = geom.wcsGeom!.wcsHeaderCards
        #expect(ours.map(\.key) == header.map(\.key), "\(name) keys")
        for (a, b) in zip(ours, header) {
            switch (a.value, b.value) {
            case (.double(let x), .double(let y)): #expect(x == y, "\(name) \(a.key) \(x) vs \(y)")
            case (.int(let x), .int(let y)): #expect(x == y, "\(name) \(a.key)")
            case (.string(let x), .string(let y)): #expect(x == y, "\(name) \(a.key)")
            default: Issue.record("\(name) \(a.key): types differ")
            }
        }
        if let solid = e["solid_angle"] as? Double {
            // regions measures the pixel scale over 1 arcsec (1/360 pixel here): the difference
            // of two pixel positions ~1800 apart loses ~6 digits, so 1e-10 is what agrees.
            #expect(isClose(try geom.solidAngle(), solid, rtol: 1e-10), "\(name) solid angle")
            let volume = try geom.binVolume(), expected = MapsFixture.doubles(e["bin_volume"])
            for (a, b) in zip(volume, expected) { #expect(isClose(a, b, rtol: 1e-10)) }
        }
        let contains = e["contains"] as! JSON
        let inside = try geom.contains(lon: MapsFixture.doubles(contains["lon"]), lat: MapsFixture.doubles(contains["lat"]),
                                       frame: geom.frame)
        #expect(inside == MapsFixture.bools(contains["inside"]), "\(name) contains")
    }
}

@Suite struct RegionNDMapTests {
    @Test func fillDownsampleAndStack() throws {
        let geom = try RegionGeom.create("icrs;circle(83.63,22.01,0.3)", axes: [MapsFixture.energyAxis(4)])
        var spectrum = RegionNDMap<Float>.fromGeom(geom)
        // inside the circle at 1.5, 3 and 8 TeV; one outside; one below the axis
        let coord = try MapCoord(lon: [83.63, 83.7, 83.6, 85, 83.63], lat: [22.01, 22.05, 21.9, 22.01, 22.01], frame: .icrs,
                                 axes: ["energy": [1.5, 3, 8, 2, 0.5]])
        try spectrum.fillByCoord(coord)
        #expect(spectrum.data == [1, 1, 0, 1])
        #expect(spectrum.dataShape == [4, 1, 1])
        let coarse = try spectrum.downsample(2, axisName: "energy")
        #expect(coarse.data == [2, 1] && coarse.geom.axes[0].nbin == 2)
        var total = spectrum
        try total.stack(spectrum)
        #expect(total.data == [2, 2, 0, 2])
        #expect(try spectrum.sumOverAxes(keepdims: false).data == [3])
        let mask = try spectrum.withData(spectrum.data.map { $0 > 0 })
        #expect(try mask.downsample(2, axisName: "energy").data == [true, false])
    }
}
