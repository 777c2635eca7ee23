import FITSIO
import Foundation
import Testing
import TestSupport
@testable import GammaMaps
import Sky

/// WcsNDMap operations against Gammapy 2.1 (`Fixtures/map_ops.json`, `cutouts.json`,
/// `fill_events.json`).
@Suite struct WcsNDMapTests {
    typealias JSON = MapsFixture.JSON

    nonisolated(unsafe) static let ops = MapsFixture.json("map_ops.json")["ops"] as! JSON

    /// The fixture's map: float32, CAR icrs (266.4, -28.9), width (0.8, 0.6), binsz 0.1,
    /// energy 1–10 TeV in 4 bins, one NaN.
    static func opsMap() throws -> WcsNDMap<Float> {
        let axis = try MapAxis.fromEnergyBounds(1, 10, nbin: 4, unit: "TeV")
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 266.4, dec: -28.9), width: [0.8, 0.6], binsz: 0.1, axes: [axis])
        #expect(geom.dataShape == MapsFixture.ints(ops["data_shape"]))
        return try WcsNDMap(geom: geom, data: MapsFixture.doubles(ops["data"]).map { Float($0) }, unit: "cm-2 s-1")
    }

    static func expectClose(_ ours: [Double], _ any: Any?, rtol: Double = 1e-6, atol: Double = 1e-6,
                            _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = MapsFixture.doubles(any)
        #expect(ours.count == expected.count, "\(what): \(ours.count) values, Gammapy \(expected.count)", sourceLocation: sourceLocation)
        let bad = zip(ours, expected).enumerated().filter { !isClose($1.0, $1.1, rtol: rtol, atol: atol) }
        #expect(bad.isEmpty, "\(what): \(bad.count) differ, first \(bad.prefix(3).map { "[\($0.offset)] \($0.element.0) vs \($0.element.1)" })",
                sourceLocation: sourceLocation)
    }

    @Test func fillUsesGammapysEdgeConventions() throws {
        let geom = try MapsFixture.geometry(named: "car_icrs_005")
        var counts = WcsNDMap<Float>.fromGeom(geom)
        let c = geom.centerSkyDir
        // energies: the lowest edge (kept); 10 TeV, kept as in Gammapy because the log axis's last
        // edge is 10.000000000000002; below and above the axis and NaN (dropped); one position
        // off the map (dropped)
        let coord = try MapCoord(lon: [c.lon, c.lon, c.lon, c.lon, c.lon, c.lon + 10], lat: [c.lat, c.lat, c.lat, c.lat, c.lat, c.lat],
                                 frame: .icrs, axes: ["energy": [1, 10, 0.5, 20, .nan, 2]])
        try counts.fillByCoord(coord)
        #expect(counts.data.reduce(0, +) == 2)
        #expect(try geom.flatIndices(coord).map { $0 >= 0 } == [true, true, false, false, false, false])
        // a Galactic position is converted to the map's frame
        var galactic = WcsNDMap<Float>.fromGeom(geom)
        let g = c.transformed(to: .galactic)
        try galactic.fillByCoord(try MapCoord(lon: [g.lon], lat: [g.lat], frame: .galactic, axes: ["energy": [2]]))
        var icrs = WcsNDMap<Float>.fromGeom(geom)
        try icrs.fillByCoord(try MapCoord(lon: [c.lon], lat: [c.lat], frame: .icrs, axes: ["energy": [2]]))
        #expect(galactic.data == icrs.data)
        #expect(throws: MapError.self) { try counts.fillByCoord(try MapCoord(lon: [c.lon], lat: [c.lat], frame: .icrs)) }
    }

    /// `flatIndices` converts only the points inside the energy axis to pixels: its indices are
    /// those of every point converted (`coordToPix`, `floor(pix + 0.5)` in range on each
    /// dimension), for points inside and outside the map on the sky and in energy, NaNs, float32
    /// positions and another frame.
    @Test func flatIndicesAreThoseOfEveryPointConverted() throws {
        let axis = try MapAxis.fromEnergyBounds(0.5, 50, nbin: 12, unit: "TeV")
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.6, dec: 22.0), width: [4, 3], binsz: 0.02, axes: [axis])
        var state: UInt64 = 7
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / 9_007_199_254_740_992
        }
        let n = 5000
        var lon = (0..<n).map { _ in 83.6 + 6 * (uniform() - 0.5) }, lat = (0..<n).map { _ in 22.0 + 5 * (uniform() - 0.5) }
        var energy = (0..<n).map { _ in pow(10, -1.0 + 2.5 * uniform()) }
        lon[3] = .nan; lat[4] = .nan; energy[5] = .nan; energy[6] = 0.5; energy[7] = 50
        for frame in [SkyFrame.icrs, .galactic] {
            var coord = try MapCoord(lon: lon.map { Double(Float($0)) }, lat: lat.map { Double(Float($0)) }, frame: .icrs,
                                     axes: ["energy": energy], lonPrecision: .float32, latPrecision: .float32)
            if frame == .galactic { coord = coord.transformed(to: .galactic) }
            let pix = try geom.coordToPix(coord)
            let sizes = [geom.npix.lon, geom.npix.lat, axis.nbin]
            let expected = (0..<n).map { k -> Int in
                var index = 0, stride = 1
                for d in 0..<3 {
                    let i = WcsGeom.pixelIndex(pix[d][k])
                    guard i >= 0 && i < sizes[d] else { return -1 }
                    index += i * stride
                    stride *= sizes[d]
                }
                return index
            }
            let indices = try geom.flatIndices(coord)
            #expect(indices == expected, "\(frame)")
            let inside = indices.filter { $0 >= 0 }.count
            #expect(inside > n / 10 && inside < n - n / 10, "\(frame): \(inside) of \(n) inside, the test needs both kinds")
        }
    }

    /// Few entries on a large map take the sorted path: each bin's weights are summed from 0 in
    /// the entries' order (numpy's `bincount`), then added to the bin; the order shows in the
    /// rounding (1e16 + 1 is 1e16 in double precision).
    @Test func fillByIndexSumsEachBinsWeightsInEntryOrder() throws {
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 10, dec: 20), width: [2, 2], binsz: 0.1)
        var map = WcsNDMap<Double>.fromGeom(geom)
        map.data[5] = 0.5
        try map.fillByIndex([7, 5, 7, -1, 7, 400, 5, 3], weights: [1e16, 2, 1, 9, -1e16, 9, 0.25, 4])
        #expect(map.data[7] == 0)          // (1e16 + 1) - 1e16 in this order; 1 in another
        #expect(map.data[5] == 0.5 + 2.25)
        #expect(map.data[3] == 4)
        #expect(map.data.reduce(0, +) == 6.75)  // -1 and 400 (off the 400-pixel map) dropped
        var counts = WcsNDMap<Float>.fromGeom(geom)
        try counts.fillByIndex([2, 9, 2, 2, 399])
        #expect(counts.data[2] == 3 && counts.data[9] == 1 && counts.data[399] == 1 && counts.data.reduce(0, +) == 5)
    }

    @Test(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
    func fillEventsOnRealData() throws {
        let file = try FITSFile(path: GammapyData.file("hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023592.fits.gz"))
        let events = try file.table("EVENTS")
        let ra = try events.column("RA", as: Double.self), dec = try events.column("DEC", as: Double.self)
        let energy = try events.column("ENERGY", as: Double.self)
        let coord = try MapCoord(lon: ra, lat: dec, frame: .icrs, axes: ["energy": energy])
        let fills = MapsFixture.json("fill_events.json")["fills"] as! JSON
        for name in ["car_icrs_005", "car_icrs_002"] {
            let expected = fills[name] as! JSON
            var counts = WcsNDMap<Float>.fromGeom(try MapsFixture.geometry(named: name))
            try counts.fillByCoord(coord)
            #expect(counts.data.reduce(0, +) == 2016, "\(name) total")
            let index = MapsFixture.ints(expected["nonzero_index"]), value = MapsFixture.doubles(expected["nonzero_value"])
            var reference = [Float](repeating: 0, count: counts.data.count)
            for (i, v) in zip(index, value) { reference[i] = Float(v) }
            #expect(counts.data == reference, "\(name): every bin equal to Gammapy's")
        }
    }

    @Test func interpolationIsGammapys() throws {
        let m = try Self.opsMap()
        let i = Self.ops["interp"] as! JSON
        let coord = try MapCoord(lon: MapsFixture.doubles(i["lon"]), lat: MapsFixture.doubles(i["lat"]), frame: .icrs,
                                 axes: ["energy": MapsFixture.doubles(i["energy"])])
        Self.expectClose(try m.interpByCoord(coord), i["linear_none"], rtol: 1e-6, "linear")
        Self.expectClose(try m.interpByCoord(coord, fillValue: 0), i["linear_fill0"], rtol: 1e-6, "linear fill 0")
        Self.expectClose(try m.interpByCoord(coord, method: .nearest), i["nearest_none"], "nearest")
        Self.expectClose(try m.interpByCoord(coord, method: .nearest, fillValue: .nan), i["nearest_fillnan"], "nearest fill nan")
    }

    @Test func reductionsAndSlices() throws {
        let m = try Self.opsMap()
        Self.expectClose(try m.sumOverAxes().data.map(Double.init), Self.ops["sum_over_axes"], rtol: 1e-6, "sum_over_axes")
        let mask = m > Float(5)
        #expect(try mask.reduceOverAxes(.logicalOr).data == MapsFixture.bools(Self.ops["reduce_or"]))
        Self.expectClose(try m.sliceByIdx(["energy": 1..<3]).data.map(Double.init), Self.ops["slice_energy_1_3"], "slice")
        Self.expectClose(try m.getImageByIdx([2]).data.map(Double.init), Self.ops["image_by_idx_2"], "image by idx")
        #expect(try m.getImageByIdx([2]).geom.axes.isEmpty)
        Self.expectClose((m + Float(2)).data.map(Double.init), Self.ops["arith_add_scalar"], "add scalar")
    }

    @Test func resamplingIsGammapys() throws {
        let m = try Self.opsMap()
        let down = try m.downsample(2)
        Self.expectClose(down.data.map(Double.init), (Self.ops["downsample2_preserve"] as! JSON)["data"], rtol: 1e-6, "downsample")
        Self.expectClose(try m.downsample(2, preserveCounts: false).data.map(Double.init), Self.ops["downsample2_mean"], rtol: 1e-6, "downsample mean")
        Self.expectClose(try m.downsample(2, axisName: "energy").data.map(Double.init), Self.ops["downsample_energy2"], rtol: 1e-6, "downsample energy")
        let up = try m.upsample(2)
        Self.expectClose(up.data.map(Double.init), (Self.ops["upsample2_preserve"] as! JSON)["data"], rtol: 1e-6, "upsample")
        Self.expectClose(try m.upsample(2, preserveCounts: false).data.map(Double.init), Self.ops["upsample2_plain"], "upsample plain")
        Self.expectClose(try m.upsample(2, axisName: "energy").data.map(Double.init), Self.ops["upsample_energy2"], rtol: 1e-6, "upsample energy")
        let padded = try m.pad(LonLat(2), cval: -1)
        Self.expectClose(padded.data.map(Double.init), (Self.ops["pad2"] as! JSON)["data"], "pad")
        let padE = try m.pad(low: 1, high: 2, axisName: "energy")
        Self.expectClose(padE.data.map(Double.init), (Self.ops["pad_energy"] as! JSON)["data"], "pad energy")
        Self.expectClose(try padE.geom.axes.axis(named: "energy").edges, (Self.ops["pad_energy"] as! JSON)["edges"], rtol: 1e-12, "pad energy edges")
        for (key, geom) in [("downsample2_preserve", down.geom), ("upsample2_preserve", up.geom), ("pad2", padded.geom)] {
            let expected = MapsFixture.cards((Self.ops[key] as! JSON)["header"])
            let ours = geom.headerCards
            #expect(ours.map(\.key) == expected.map(\.key), "\(key) header keys")
            for (a, b) in zip(ours, expected) where a.key.hasPrefix("CRPIX") || a.key.hasPrefix("CDELT") || a.key == "WCSSHAPE" {
                #expect("\(a.value)" == "\(b.value)".replacingOccurrences(of: "'", with: ""), "\(key) \(a.key)")
            }
        }
        Self.expectClose(try m.resample(try WcsGeom.create(skydir: SkyCoord(ra: 266.4, dec: -28.9), width: [0.8, 0.6], binsz: 0.2,
                                                           axes: Array(m.geom.axes))).data.map(Double.init),
                         Self.ops["resample_coarse"], rtol: 1e-6, "resample")
    }

    @Test func interpToGeomIsGammapys() throws {
        let m = try Self.opsMap()
        let i = Self.ops["interp_to_geom"] as! JSON
        let target = try WcsGeom.create(skydir: SkyCoord(ra: 266.42, dec: -28.88), width: [0.5, 0.4], binsz: 0.04,
                                        frame: .galactic, proj: "TAN", axes: Array(m.geom.axes))
        Self.expectClose(try m.interpToGeom(target).data.map(Double.init), i["linear"], rtol: 1e-5, atol: 1e-5, "interp_to_geom linear")
        Self.expectClose(try m.interpToGeom(target, method: .nearest).data.map(Double.init), i["nearest"], "interp_to_geom nearest")

        let r = Self.ops["mask_interp_to_geom"] as! JSON
        let maskGeom = try WcsGeom.create(skydir: SkyCoord(ra: 266.4, dec: -28.9), width: 2, binsz: 0.02)
        let mask = maskGeom.regionMask([.circle(center: SkyCoord(ra: 266.6, dec: -28.7), radius: 0.3)], inside: false)
        #expect(mask.data == MapsFixture.mask(runs: r["source_true_runs"], count: maskGeom.dataCount))
        let maskTarget = try WcsGeom.create(skydir: SkyCoord(l: 359.9, b: -0.05), width: [1.5, 1.2], binsz: 0.05,
                                            frame: .galactic, proj: "TAN")
        let reprojected = try mask.interpToGeom(maskTarget, method: .nearest)
        #expect(reprojected.data == MapsFixture.mask(runs: r["true_runs"], count: maskTarget.dataCount), "mask reprojection")
    }

    @Test func stackAndWeightedFill() throws {
        let m = try Self.opsMap()
        let cut = try m.cutout(position: SkyCoord(ra: 266.45, dec: -28.85), width: 0.3)
        var base = WcsNDMap<Float>.fromGeom(m.geom, unit: "cm-2 s-1")
        try base.stack(cut)
        Self.expectClose(base.data.map(Double.init), Self.ops["stack_cutout"], "stack cutout")
        let i = Self.ops["interp"] as! JSON
        let coord = try MapCoord(lon: MapsFixture.doubles(i["lon"]), lat: MapsFixture.doubles(i["lat"]), frame: .icrs,
                                 axes: ["energy": MapsFixture.doubles(i["energy"])])
        var fill = WcsNDMap<Float>.fromGeom(m.geom)
        let weights = (0..<30).map { 0.5 + 1.5 * Double($0) / 29 }
        try fill.fillByCoord(coord, weights: weights)
        Self.expectClose(fill.data.map(Double.init), Self.ops["fill_weighted"], rtol: 1e-7, "weighted fill")
    }

    @Test func cutoutsAreGammapys() throws {
        let parent = try MapsFixture.geometry(named: "car_icrs_005")
        let m = try WcsNDMap<Double>(geom: parent, data: (0..<parent.dataCount).map(Double.init))
        for case let c as JSON in MapsFixture.json("cutouts.json")["cutouts"] as! [Any] {
            let pos = MapsFixture.doubles(c["position"]), width = MapsFixture.doubles(c["width"])
            let mode = CutoutMode(rawValue: c["mode"] as! String)!
            let label = "\(c["label"]!) \(mode)"
            do {
                let cut = try m.cutout(position: SkyCoord(ra: pos[0], dec: pos[1]), width: LonLat(lon: width[0], lat: width[1]), mode: mode)
                #expect(c["error"] == nil, "\(label): Gammapy raised \(c["error"] ?? "")")
                #expect(cut.dataShape == MapsFixture.ints(c["data_shape"]), "\(label) shape")
                #expect(cut.geom.wcs.crpix == MapsFixture.doubles(c["crpix"]), "\(label) crpix \(cut.geom.wcs.crpix)")
                let s = try cut.geom.cutoutSlices(in: parent, mode: mode)
                let ps = (c["parent_slices"] as! [[Int]]), cs = (c["cutout_slices"] as! [[Int]])
                #expect([s.parentY, s.parentX] == ps.map { $0[0]..<$0[1] }, "\(label) parent slices")
                #expect([s.cutoutY, s.cutoutX] == cs.map { $0[0]..<$0[1] }, "\(label) cutout slices")
                #expect(cut.data.reduce(0, +) == c["data_sum"] as! Double, "\(label) data")
                if let first = c["data_first_plane"] as? [Any] {
                    #expect(Array(cut.data[0..<cut.geom.spatialPixelCount]) == MapsFixture.doubles(first), "\(label) first plane")
                }
            } catch let error as MapError {
                #expect(c["error"] != nil && error.kind == .noOverlap, "\(label): \(error)")
            }
        }
    }

    @Test func arithmeticChecksGeometryAndUnits() throws {
        let m = try Self.opsMap()
        let other = WcsNDMap<Float>.fromGeom(m.geom.toImage(), fill: 1, unit: "cm-2 s-1")
        #expect(throws: MapError.self) { try m + other }
        let sameGeom = WcsNDMap<Float>.fromGeom(m.geom, fill: 1, unit: "m-2 s-1")
        let sum = try m + sameGeom
        #expect(isClose(Double(sum.data[0]), Double(m.data[0]) + 1e-4, rtol: 1e-6))
        #expect(throws: MapError.self) { try m + WcsNDMap<Float>.fromGeom(m.geom, fill: 1, unit: "TeV") }
        let product = try m * WcsNDMap<Float>.fromGeom(m.geom, fill: 2, unit: "sr")
        #expect(product.unit == "cm-2 s-1 sr" && product.data[5] == 2 * m.data[5])
        let scaled = try m.combined(with: [1, 2, 3, 4], shape: [4, 1, 1], *)
        let plane = m.geom.spatialPixelCount
        #expect(scaled.data[3 * plane + 7] == 4 * m.data[3 * plane + 7])
        #expect(throws: MapError.self) { try m.combined(with: [1, 2, 3], shape: [3, 1, 1], *) }
    }
}
