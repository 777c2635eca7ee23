import FITSIO
import Foundation
import Testing
import TestSupport

/// `gammakit info --obs` and `gammakit plot` on damaged input (issue 14, item 7): a damaged IRF
/// is exit status 2, as for other damaged runs; a blank or absurd map is a warning and no
/// picture unless `--force`; an oversized map is refused from its header.
struct InfoAndPlotBadInputTests {
    /// A sky image with a CAR WCS, `cdelt` degrees per pixel.
    private func writeImage(_ path: String, _ data: [Float], side: Int, cdelt: Double = 0.02) throws {
        let writer = try FITSWriter(path: path)
        try writer.writeImage(data, shape: [side, side], header: [
            FITSCard("CTYPE1", .string("RA---CAR")), FITSCard("CTYPE2", .string("DEC--CAR")),
            FITSCard("CRPIX1", .double(Double(side) / 2)), FITSCard("CRPIX2", .double(Double(side) / 2)),
            FITSCard("CDELT1", .double(-cdelt)), FITSCard("CDELT2", .double(cdelt)),
            FITSCard("CRVAL1", .double(83.63)), FITSCard("CRVAL2", .double(22.01)),
            FITSCard("CUNIT1", .string("deg")), FITSCard("CUNIT2", .string("deg")),
        ])
        try writer.commit()
    }

    @Test func blankAndAbsurdMapsAreWarnedAboutAndNotDrawn() throws {
        let dir = TemporaryDirectory()
        let cases: [(String, [Float], Double, String)] = [
            ("nan.fits", Array(repeating: .nan, count: 400), 0.02, "holds no finite value"),
            ("inf.fits", Array(repeating: .infinity, count: 400), 0.02, "holds no finite value"),
            ("wide.fits", (0..<400).map(Float.init), 30, "spans 600 × 600 deg"),
        ]
        for (name, data, cdelt, message) in cases {
            try writeImage(dir.file(name), data, side: 20, cdelt: cdelt)
            let result = try GammaKitCLI.run(["plot", dir.file(name), "-o", dir.file(name + ".png")])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("warning: \(dir.file(name))") && result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.contains("no picture written (pass --force"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.file(name + ".png")))
            let forced = try GammaKitCLI.run(["plot", dir.file(name), "-o", dir.file(name + ".png"), "--force"])
            #expect(forced.status == 0 && forced.stderr.contains(message), "\(forced.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir.file(name + ".png")))
        }
    }

    @Test func oversizedMapIsRefusedFromItsHeader() throws {
        let dir = TemporaryDirectory()
        try writeImage(dir.file("map.fits"), (0..<250_000).map { Float($0 % 17) }, side: 500)
        // 500 × 500 pixels: 8 · 250000 + 16 · 250000 bytes = 6.0 MB.
        let refused = try GammaKitCLI.run(["plot", dir.file("map.fits"), "-o", dir.file("map.png"), "--max-memory", "1MB"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(dir.file("map.fits")), HDU PRIMARY: a map of 500 × 500 pixels needs about 6.0 MB"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("map.png")))
        let drawn = try GammaKitCLI.run(["plot", dir.file("map.fits"), "-o", dir.file("map.png"), "--max-memory", "1GB"])
        #expect(drawn.status == 0, "\(drawn.stderr)")
    }

    @Test(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
    func damagedIRFMakesInfoExitTwo() throws {
        let dir = TemporaryDirectory()
        // Run 23523's events and GTI, with an effective area holding NaN.
        let aeff = try FITSWriter(path: dir.file("aeff.fits"))
        try aeff.writeTable(name: "AEFF", columns: [
            FITSColumn("ENERG_LO", .float([0.1, 1]), repeatCount: 2, unit: "TeV"),
            FITSColumn("ENERG_HI", .float([1, 10]), repeatCount: 2, unit: "TeV"),
            FITSColumn("THETA_LO", .float([0]), unit: "deg"), FITSColumn("THETA_HI", .float([2]), unit: "deg"),
            FITSColumn("EFFAREA", .float([.nan, 1e5]), repeatCount: 2, dimensions: [2, 1], unit: "m2"),
        ], rowCount: 1)
        try aeff.commit()
        let run = GammapyData.file("hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz")
        let index = try FITSWriter(path: dir.file("hdu-index.fits.gz"))
        try index.writeTable(name: "HDU_INDEX", columns: [
            FITSColumn("OBS_ID", .int64([23523, 23523, 23523])),
            FITSColumn("HDU_TYPE", .string(["events", "gti", "aeff"])),
            FITSColumn("HDU_CLASS", .string(["events", "gti", "aeff_2d"])),
            FITSColumn("FILE_DIR", .string(["/", "/", dir.path])),
            FITSColumn("FILE_NAME", .string([run, run, "aeff.fits"])),
            FITSColumn("HDU_NAME", .string(["EVENTS", "GTI", "AEFF"])),
        ], rowCount: 3)
        try index.commit()
        let plain = try GammaKitCLI.run(["info", dir.path])
        #expect(plain.status == 0, "\(plain.stderr)")
        let detailed = try GammaKitCLI.run(["info", dir.path, "--obs", "23523"])
        #expect(detailed.status == 2, "\(detailed.stderr)")
        #expect(detailed.stdout.contains("cannot read:"), "\(detailed.stdout)")
        #expect(detailed.stderr.contains("HDU AEFF, column EFFAREA") && detailed.stderr.contains("not finite"), "\(detailed.stderr)")
    }
}
