import FITSIO
import Foundation
import Testing
import TestSupport

/// `gammakit plot --regions`: the ON and OFF regions of on/off spectra over a sky map (the
/// makers tutorial's reflected-regions picture), from a datasets.yaml or a spectrum file, and
/// DS9 outlines with `--region`; what cannot be drawn is named.
struct PlotRegionsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DatasetsTests/Fixtures").path

    @Test func onAndOffRegionsAreDrawnOverTheMap() throws {
        let dir = TemporaryDirectory()
        let writer = try FITSWriter(path: dir.file("map.fits"))
        try writer.writeImage((0..<(120 * 120)).map { Float($0 % 7) }, shape: [120, 120], header: [
            FITSCard("CTYPE1", .string("RA---CAR")), FITSCard("CTYPE2", .string("DEC--CAR")),
            FITSCard("CRPIX1", .double(60.5)), FITSCard("CRPIX2", .double(60.5)),
            FITSCard("CDELT1", .double(-0.025)), FITSCard("CDELT2", .double(0.025)),
            FITSCard("CRVAL1", .double(83.63)), FITSCard("CRVAL2", .double(22.01)),
        ])
        try writer.commit()
        func plot(_ extra: [String], _ png: String) throws -> GammaKitCLI.Output {
            try GammaKitCLI.run(["plot", dir.file("map.fits"), "-o", dir.file(png)] + extra)
        }
        #expect(try plot([], "plain.png").status == 0)
        let index = "\(Self.fixtures)/gammapy_spectrum/datasets.yaml"
        let fromIndex = try plot(["--regions", index], "index.png")
        #expect(fromIndex.status == 0, "\(fromIndex.stderr)")
        let fromFile = try plot(["--regions", "\(Self.fixtures)/gammapy_spectrum/pha_obsobs-23523.fits"], "file.png")
        let fromOGIP = try plot(["--regions", "\(Self.fixtures)/gammapy_ogip/obs-23523.fits"], "ogip.png")
        #expect(fromFile.status == 0 && fromOGIP.status == 0, "\(fromFile.stderr) \(fromOGIP.stderr)")
        let plain = try Data(contentsOf: URL(fileURLWithPath: dir.file("plain.png")))
        let drawn = try Data(contentsOf: URL(fileURLWithPath: dir.file("index.png")))
        #expect(drawn != plain, "the regions change the picture")
        // the same regions from the index, the gadf file and the OGIP files: the same picture
        let fromFileData = try Data(contentsOf: URL(fileURLWithPath: dir.file("file.png")))
        let fromOGIPData = try Data(contentsOf: URL(fileURLWithPath: dir.file("ogip.png")))
        #expect(fromFileData == drawn && fromOGIPData == drawn)
        let ds9 = try plot(["--region", "icrs;circle(83.63,22.01,0.2)"], "ds9.png")
        let circle = try Data(contentsOf: URL(fileURLWithPath: dir.file("ds9.png")))
        #expect(ds9.status == 0 && circle != plain)

        let maps = try plot(["--regions", "\(Self.fixtures)/gammapy_datasets/datasets.yaml"], "maps.png")
        #expect(maps.status == 1 && maps.stderr.contains("no on/off spectrum in it"), "\(maps.stderr)")
        let bad = try plot(["--region", "icrs;vector(1,2,3,4)"], "bad.png")
        #expect(bad.status == 1 && bad.stderr.contains("--region 'icrs;vector(1,2,3,4)'"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("maps.png")) && !FileManager.default.fileExists(atPath: dir.file("bad.png")))
    }
}
