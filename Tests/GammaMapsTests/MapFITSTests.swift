import FITSIO
import Foundation
import Testing
import TestSupport
@testable import GammaMaps
import Sky

/// Map files in Gammapy's layout: GammaKit round trips, files written by Gammapy 2.1
/// (`Fixtures/gammapy_*.fits.gz`, see `gammapy_files.json`), HDUs that are not maps.
///
/// With `GAMMAKIT_ROUNDTRIP_DIR` set, `writesFilesForGammapy` leaves its files there for
/// `scripts/reference/check_map_roundtrip.py` to open with Gammapy.
@Suite struct MapFITSTests {
    typealias JSON = MapsFixture.JSON

    /// The maps `check_map_roundtrip.py` expects (it rebuilds the same ones with Gammapy).
    static func roundTripMaps() throws -> (cube: WcsNDMap<Float>, mask: WcsNDMap<Bool>, allsky: WcsNDMap<Double>, region: RegionNDMap<Float>) {
        let geom = try MapsFixture.geometry(named: "car_icrs_005")
        let cube = try WcsNDMap<Float>(geom: geom, data: (0..<geom.dataCount).map { Float($0 % 97) * 0.25 }, unit: "cm-2 s-1 TeV-1")
        let tan = try MapsFixture.geometry(named: "tan_gal")
        let mask = tan.regionMask([.ellipse(center: SkyCoord(l: 10.2, b: -1.0), width: 1.5, height: 0.6, angle: 30)], inside: false)
        let ait = try MapsFixture.geometry(named: "ait_allsky")
        let allsky = try WcsNDMap<Double>(geom: ait, data: ait.solidAngle())
        let rgeom = try RegionGeom.create("icrs;circle(83.63,22.01,0.2)", axes: [MapsFixture.energyAxis(4)])
        let region = try RegionNDMap<Float>(geom: rgeom, data: [3, 1.5, 0.25, 0], unit: "TeV-1")
        return (cube, mask, allsky, region)
    }

    static func writeAll(to directory: String) throws {
        let maps = try roundTripMaps()
        try maps.cube.write(to: directory + "/wcs_cube.fits", overwrite: true)
        try maps.mask.write(to: directory + "/wcs_mask.fits", hdu: "MASK_SAFE", overwrite: true)
        try maps.allsky.write(to: directory + "/ait_allsky.fits", overwrite: true)
        try maps.region.write(to: directory + "/region_map.fits", overwrite: true)
        let writer = try FITSWriter(path: directory + "/dataset_like.fits", overwrite: true)
        try writer.writeEmptyPrimary()
        try maps.cube.append(to: writer, hdu: "COUNTS")
        try (maps.cube * Float(2)).append(to: writer, hdu: "EXPOSURE")
        let safe = maps.cube.geom.regionMask([.circle(center: maps.cube.geom.centerSkyDir, radius: 1.5)])
        try safe.append(to: writer, hdu: "MASK_SAFE")
        try writer.commit()
    }

    @Test func roundTripInGammaKit() throws {
        let dir = TemporaryDirectory()
        try Self.writeAll(to: dir.path)
        let maps = try Self.roundTripMaps()
        let cube = try WcsNDMap<Float>.read(from: dir.file("wcs_cube.fits"))
        #expect(cube == maps.cube)
        let mask = try WcsNDMap<Bool>.read(from: dir.file("wcs_mask.fits"), hdu: "MASK_SAFE")
        #expect(mask == maps.mask)
        let allsky = try WcsNDMap<Double>.read(from: dir.file("ait_allsky.fits"))
        #expect(allsky.geom == maps.allsky.geom)
        #expect(zip(allsky.data, maps.allsky.data).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        let region = try RegionNDMap<Float>.read(from: dir.file("region_map.fits"))
        #expect(region.data == maps.region.data && region.unit == "TeV-1" && region.geom == maps.region.geom)
        #expect(isClose(try region.geom.solidAngle(), try maps.region.geom.solidAngle(), rtol: 1e-12))
        let file = try FITSFile(path: dir.file("dataset_like.fits"))
        #expect(file.hdus.map(\.name) == ["PRIMARY", "COUNTS", "COUNTS_BANDS", "EXPOSURE", "EXPOSURE_BANDS", "MASK_SAFE", "MASK_SAFE_BANDS"])
        #expect(try WcsNDMap<Float>.read(from: file, hdu: "EXPOSURE").data[7] == 2 * maps.cube.data[7])
        #expect(try WcsNDMap<Bool>.read(from: file, hdu: "MASK_SAFE").data.filter { $0 }.count > 0)
        // the header Gammapy writes
        let header = try file.hdu(named: "COUNTS").header
        #expect(header.string("BANDSHDU") == "COUNTS_BANDS" && header.string("BUNIT") == "cm-2 s-1 TeV-1")
        #expect(header.string("WCSSHAPE") == "(100,100,11)" && header.string("META") == "{}")
        #expect(header.int("BITPIX") == -32)
        #expect(try file.hdu(named: "MASK_SAFE").header.int("BITPIX") == 64)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["GAMMAKIT_ROUNDTRIP_DIR"] != nil))
    func writesFilesForGammapy() throws {
        let directory = ProcessInfo.processInfo.environment["GAMMAKIT_ROUNDTRIP_DIR"]!
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.writeAll(to: directory)
    }

    @Test func readsGammapyWrittenMaps() throws {
        let info = MapsFixture.json("gammapy_files.json")
        let cube = try WcsNDMap<Float>.read(from: MapsFixture.url("gammapy_cube.fits.gz").path)
        let cubeInfo = info["cube"] as! JSON
        #expect(cube.dataShape == MapsFixture.ints(cubeInfo["data_shape"]))
        #expect(cube.unit == "TeV-1 s-1 cm-2")  // astropy writes BUNIT in its FITS spelling
        #expect(cube.data == (0..<cube.data.count).map { Float($0) * 0.5 })
        let expectedHeader = MapsFixture.cards(cubeInfo["header"])
        #expect(cube.geom.headerCards.map(\.key) == expectedHeader.map(\.key))
        let energy = try cube.geom.axes.axis(named: "energy")
        #expect(energy.interp == .log && energy.unit == "TeV" && energy.nodeType == .edges)
        for (a, b) in zip(energy.edges, MapsFixture.doubles(cubeInfo["edges"])) { #expect(isClose(a, b, rtol: 1e-15)) }
        let geom = try WcsGeom.create(skydir: SkyCoord(l: 184.557, b: -5.784), width: [1.2, 1.0], binsz: 0.1, frame: .galactic,
                                      proj: "TAN", axes: [try MapAxis.fromEnergyBounds(0.5, 50, nbin: 3, unit: "TeV")])
        #expect(cube.geom == geom)

        let mask = try WcsNDMap<Bool>.read(from: MapsFixture.url("gammapy_mask.fits.gz").path, hdu: "MASK_FIT")
        let maskInfo = info["mask"] as! JSON
        #expect(mask.data == MapsFixture.mask(runs: maskInfo["true_runs"], count: mask.data.count))
        #expect(mask.geom.axes.isEmpty)

        let region = try RegionNDMap<Double>.read(from: MapsFixture.url("gammapy_region.fits.gz").path)
        #expect(region.data == MapsFixture.doubles((info["region"] as! JSON)["data"]))
        #expect(region.unit == "TeV-1")
        guard case .circle(let center, let radius)? = region.geom.region?.shape else {
            Issue.record("expected a circle region, got \(String(describing: region.geom.region))")
            return
        }
        #expect(isClose(center.lon, 83.63, atol: 1e-9) && isClose(center.lat, 22.01, atol: 1e-9))
        #expect(isClose(radius, 0.2, rtol: 1e-9))
        let wcsHeader = MapsFixture.cards((info["region"] as! JSON)["wcs_header"])
        #expect(region.geom.wcsGeom!.wcsHeaderCards.map(\.key) == wcsHeader.map(\.key))
    }

    @Test func hdusThatAreNotMapsGiveClearErrors() throws {
        func expectNotAMap<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try body()
                Issue.record("expected an error", sourceLocation: sourceLocation)
            } catch let error as MapError {
                #expect(error.kind == .notAMap || error.kind == .shapeMismatch, "\(error)", sourceLocation: sourceLocation)
                #expect(!error.description.isEmpty)
            } catch {
                Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            }
        }
        let dir = TemporaryDirectory()
        // an image without WCS and a binary table
        let writer = try FITSWriter(path: dir.file("plain.fits"))
        try writer.writeImage([Float](repeating: 1, count: 12), shape: [4, 3])
        try writer.writeTable(name: "EVENTS", columns: [FITSColumn("RA", .double([1, 2]))], rowCount: 2)
        try writer.writeImage([Float](repeating: 1, count: 24), shape: [4, 3, 2], name: "CUBE",
                              header: [FITSCard("CTYPE1", .string("RA---CAR")), FITSCard("CTYPE2", .string("DEC--CAR"))])
        try writer.commit()
        expectNotAMap { try WcsNDMap<Float>.read(from: dir.file("plain.fits")) }
        expectNotAMap { try WcsNDMap<Float>.read(from: dir.file("plain.fits"), hdu: "EVENTS") }
        expectNotAMap { try WcsNDMap<Float>.read(from: dir.file("plain.fits"), hdu: "NOPE") }
        expectNotAMap { try WcsNDMap<Float>.read(from: dir.file("plain.fits"), hdu: "CUBE") }
        expectNotAMap { try RegionNDMap<Float>.read(from: dir.file("plain.fits"), hdu: "EVENTS") }
        // a map whose data do not match its WCSSHAPE
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 0, dec: 0), width: 1, binsz: 0.5)
        let w2 = try FITSWriter(path: dir.file("bad.fits"))
        try w2.writeImage([Float](repeating: 0, count: 9), shape: [3, 3], header: geom.headerCards)
        try w2.commit()
        expectNotAMap { try WcsNDMap<Float>.read(from: dir.file("bad.fits")) }
        #expect(throws: FITSError.self) { try WcsNDMap<Float>.fromGeom(geom).write(to: dir.file("bad.fits")) }
    }
}
