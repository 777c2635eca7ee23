import Foundation
import FITSIO
import Testing
import TestSupport

/// `gammakit reduce` with `datasets.type: 1d`: the makers tutorial's spectra (reflected regions,
/// safe mask aeff-max 10 %), one per run or stacked, written as Gammapy's Datasets.write does.
/// The per-run numbers are Gammapy 2.1's (Tests/MakersTests/Fixtures/reflected-regions.json; the
/// scenario ../shared/reference/scenarios/seed-1d-reflected agrees by compare.py).
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason), .serialized)
struct ReduceSpectrumTests {
    static let config = """
    observations:
        datastore: $GAMMAPY_DATA/hess-dl3-dr1
        obs_ids: [23523, 23592, 23526, 23559]
    datasets:
        type: 1d
        stack: false
        geom:
            axes:
                energy: {min: 1 TeV, max: 10 TeV, nbins: 11}
                energy_true: {min: 0.3 TeV, max: 10 TeV, nbins: 31}
        on_region: {frame: icrs, lon: 83.63 deg, lat: 22.01 deg, radius: 0.2 deg}
        containment_correction: false
        background: {method: reflected}
        safe_mask:
            methods: [aeff-max]
            parameters: {aeff_percent: 10}
    """

    private func write(_ yaml: String, in dir: TemporaryDirectory) throws -> String {
        try yaml.write(toFile: dir.file("config.yaml"), atomically: true, encoding: .utf8)
        return dir.file("config.yaml")
    }

    @Test func onePerRunAndStacked() throws {
        let dir = TemporaryDirectory()
        let result = try GammaKitCLI.run(["reduce", try write(Self.config, in: dir), "--output", dir.file("out"), "--verbose"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote 4 dataset(s) [23523, 23592, 23526, 23559]"), "\(result.stdout)")
        #expect(result.stdout.contains("SpectrumDatasetOnOff\n--------------------\n\n  Name                            : 23523 "))
        #expect(result.stdout.contains("  Total counts                    : 137 \n"))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.file("out")).sorted()
        #expect(names == ["datasets.yaml", "pha_obs23523.fits", "pha_obs23526.fits", "pha_obs23559.fits", "pha_obs23592.fits"])
        let index = try String(contentsOfFile: dir.file("out/datasets.yaml"), encoding: .utf8)
        #expect(index.contains("-   name: '23523'\n    type: SpectrumDatasetOnOff\n    filename: pha_obs23523.fits\n"), "\(index)")

        let stacked = try GammaKitCLI.run(["reduce", try write(Self.config.replacingOccurrences(of: "stack: false", with: "stack: true"), in: dir),
                                           "--output", dir.file("stacked"), "--verbose"])
        #expect(stacked.status == 0, "\(stacked.stderr)")
        #expect(stacked.stdout.contains("wrote 1 dataset(s) [stacked]"))
        #expect(stacked.stdout.contains("  Total counts                    : 483 \n"), "\(stacked.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("stacked")).sorted() == ["datasets.yaml", "pha_obsstacked.fits"])
    }

    @Test func otherBackgroundsAreRefusedForSpectra() throws {
        let dir = TemporaryDirectory()
        let yaml = Self.config.replacingOccurrences(of: "{method: reflected}", with: "{method: fov_background}")
        let result = try GammaKitCLI.run(["reduce", try write(yaml, in: dir), "--output", dir.file("out")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("datasets.background.method") && result.stderr.contains("reflected"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
    }

    /// Our extensions: a point ON region (RAD_MAX-sized, MAGIC's energy-dependent RAD_MAX_2D) and
    /// the wobble finder. Gammapy 2.1's makers give, inside the aeff-default safe range (all but the
    /// first 2 of 17 bins), 340 / 295 ON and 137 / 90 OFF counts for the two runs with 3 OFF
    /// positions (Tests/MakersTests/Fixtures/pointlike-regions.json).
    @Test func pointOnRegionWithWobbleOffRegions() throws {
        let dir = TemporaryDirectory()
        let yaml = """
        observations:
            datastore: $GAMMAPY_DATA/magic/rad_max/data
            obs_ids: [5029747, 5029748]
            required_irf: [aeff, edisp]
        datasets:
            type: 1d
            stack: false
            geom:
                axes:
                    energy: {min: 50 GeV, max: 100000 GeV, nbins: 17}
                    energy_true: {min: 10 GeV, max: 100000 GeV, nbins: 40}
            on_region: {frame: icrs, lon: 83.633 deg, lat: 22.014 deg}
            background:
                method: reflected
                parameters: {regions_finder: wobble, n_off_regions: 3}
            safe_mask: {methods: [aeff-default]}
        """
        let result = try GammaKitCLI.run(["reduce", try write(yaml, in: dir), "--output", dir.file("out"), "--verbose"])
        #expect(result.status == 0, "\(result.stderr)")
        for (counts, off) in [(340, 137), (295, 90)] {
            #expect(result.stdout.contains("  Total counts                    : \(counts) \n"), "\(result.stdout)")
            #expect(result.stdout.contains("  Total counts_off                : \(off) \n"), "\(result.stdout)")
        }
        #expect(result.stdout.components(separatedBy: "  Acceptance off                  : 45 \n").count == 3)
    }

    /// VERITAS point-like runs (a fixed RAD_MAX from the AEFF header), point ON region and three
    /// wobble OFF positions, no safe mask: Gammapy 2.1's makers give 129 / 176 / 151 / 161 ON and
    /// 6 / 8 / 14 / 9 OFF counts (Tests/MakersTests/Fixtures/pointlike-regions.json, "veritas"),
    /// here written as OGIP files.
    @Test func veritasPointLikeAsOGIP() throws {
        let dir = TemporaryDirectory()
        let yaml = """
        observations:
            datastore: $GAMMAPY_DATA/veritas/crab-point-like-ED
            obs_ids: [64080, 64081, 64082, 64083]
            required_irf: [aeff, edisp]
        datasets:
            type: 1d
            stack: false
            geom:
                axes:
                    energy: {min: 50 GeV, max: 100000 GeV, nbins: 17}
                    energy_true: {min: 10 GeV, max: 100000 GeV, nbins: 40}
            on_region: {frame: icrs, lon: 83.633 deg, lat: 22.014 deg}
            background:
                method: reflected
                parameters: {regions_finder: wobble, n_off_regions: 3}
            safe_mask: {methods: []}
        """
        let result = try GammaKitCLI.run(["reduce", try write(yaml, in: dir), "--output", dir.file("out"), "--verbose",
                                          "--spectrum-format", "ogip"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote 4 dataset(s) [64080, 64081, 64082, 64083]"), "\(result.stdout)")
        for (counts, off) in [(129, 6), (176, 8), (151, 14), (161, 9)] {
            #expect(result.stdout.contains("  Total counts                    : \(counts) \n"), "\(result.stdout)")
            #expect(result.stdout.contains("  Total counts_off                : \(off) \n"), "\(result.stdout)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.file("out")).sorted()
        #expect(files.count == 17 && files.contains("pha_obs64080_rmf.fits") && files.contains("pha_obs64083_bkg.fits"), "\(files)")
        #expect(files.first == "datasets.yaml")

        // 3D datasets have no OGIP form: refused before any work.
        let map = """
        observations: {datastore: $GAMMAPY_DATA/hess-dl3-dr1, obs_ids: [23523]}
        datasets:
            type: 3d
            geom: {wcs: {skydir: {frame: icrs, lon: 83.63 deg, lat: 22.01 deg}, width: {width: 1 deg, height: 1 deg}}}
        """
        let refused = try GammaKitCLI.run(["reduce", try write(map, in: dir), "--output", dir.file("map"), "--spectrum-format", "ogip"])
        #expect(refused.status == 1 && refused.stderr.contains("--spectrum-format ogip applies to 1D spectra"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("map")))
    }

    /// Bad 1D input gets a named error or Gammapy's warning, and a failed run writes nothing: an ON
    /// region outside every run's field of view, an exclusion mask covering all the sky around the
    /// runs, a point ON region for full-enclosure IRFs (no RAD_MAX). One run out of reach of the
    /// ON region is left out with a warning, the others are written.
    @Test func badInputIsNamedAndNothingIsWritten() throws {
        let dir = TemporaryDirectory()
        func reduce(_ yaml: String, _ out: String) throws -> GammaKitCLI.Output {
            try GammaKitCLI.run(["reduce", try write(yaml, in: dir), "--output", dir.file(out)])
        }
        let far = try reduce(Self.config.replacingOccurrences(of: "lon: 83.63 deg", with: "lon: 100 deg"), "far")
        #expect(far.status == 1 && far.stderr.contains("key datasets.on_region: the ON region is outside the field of view of every selected observation"),
                "\(far.stderr)")
        #expect(far.stderr.contains("warning: observation 23523: the ON region's centre is 15.20° from the pointing, outside the 2.50° its effective area covers"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("far")))

        // 23592 points 3.2° from (85.5, 22.01), beyond its 2.5° of effective area; 23523 does not.
        let one = try reduce(Self.config.replacingOccurrences(of: "lon: 83.63 deg", with: "lon: 85.5 deg")
            .replacingOccurrences(of: "[23523, 23592, 23526, 23559]", with: "[23523, 23592]"), "one")
        #expect(one.status == 0 && one.stdout.contains("wrote 1 dataset(s) [23523]"), "\(one.stderr)")
        #expect(one.stderr.contains("warning: observation 23592: the ON region's centre is 3.23° from the pointing"), "\(one.stderr)")

        // An exclusion mask that excludes every pixel around the runs: no OFF region anywhere.
        let writer = try FITSWriter(path: dir.file("all-excluded.fits"))
        try writer.writeImage([UInt8](repeating: 0, count: 100 * 100), shape: [100, 100], header: [
            FITSCard("CTYPE1", .string("RA---CAR")), FITSCard("CTYPE2", .string("DEC--CAR")),
            FITSCard("CRVAL1", .double(83.63)), FITSCard("CRVAL2", .double(22.01)),
            FITSCard("CRPIX1", .double(50.5)), FITSCard("CRPIX2", .double(50.5)),
            FITSCard("CDELT1", .double(-0.1)), FITSCard("CDELT2", .double(0.1)),
            FITSCard("CUNIT1", .string("deg")), FITSCard("CUNIT2", .string("deg")),
        ])
        try writer.commit()
        let excluded = try reduce(Self.config.replacingOccurrences(of: "{method: reflected}", with: "{method: reflected, exclusion: all-excluded.fits}"),
                                  "excluded")
        #expect(excluded.status == 1 && excluded.stderr.contains("key datasets.background: no observation has an OFF region"), "\(excluded.stderr)")
        #expect(excluded.stderr.contains("warning: observation 23523: no OFF region found"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("excluded")))

        // A point ON region needs RAD_MAX, which H.E.S.S.' full-enclosure IRFs do not have.
        let point = try reduce(Self.config.replacingOccurrences(of: ", radius: 0.2 deg", with: ""), "point")
        #expect(point.status == 1 && point.stderr.contains("a point ON region needs a RAD_MAX cut"), "\(point.stderr)")
        #expect(point.stderr.contains("observation 2352") || point.stderr.contains("observation 2355"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("point")))
    }
}
