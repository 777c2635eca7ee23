import Foundation
import FITSIO
import Testing
import TestSupport

/// `gammakit reduce` with a ring background, then `gammakit significance`, on the RX J1713.7-3946
/// scenario (scenarios/hess-rxj1713-ring: 15 DR1 runs, r_in 0.5°, width 0.3°, stacked).
/// Reference: Gammapy 2.1's `ExcessMapEstimator(correlation_radius="0.1 deg").run(...)` on
/// Gammapy's own stacked reduction of this scenario (Tests/MakersTests/Fixtures/ring-background.json,
/// "scenario_excess", made by scripts/reference/ring_reference.py). Per pixel, Gammapy's estimator
/// run on our stacked.fits differs from ours by at most 9.1e-7 in SQRT_TS (FFT round-off: our
/// convolution is exact).
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason), .serialized)
struct RingSignificanceTests {
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scenarios/hess-rxj1713-ring/config.yaml").standardized.path

    @Test func ringReductionAndSignificanceMapAgreeWithGammapy() throws {
        let dir = TemporaryDirectory()
        let reduce = try GammaKitCLI.run(["reduce", Self.scenario, "--output", dir.file("ring")])
        #expect(reduce.status == 0, "\(reduce.stderr)")
        #expect(reduce.stdout.contains("wrote 1 dataset(s) [stacked]"), "\(reduce.stdout)")

        let significance = try GammaKitCLI.run(["significance", dir.file("ring/stacked.fits"), "-o", dir.file("sig")])
        #expect(significance.status == 0, "\(significance.stderr)")
        #expect(significance.stdout.contains("maximum significance 9.10 σ"), "\(significance.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("sig")).sorted() == ["npred_excess.png", "significance.fits", "sqrt_ts.png"])

        let file = try FITSFile(path: dir.file("sig/significance.fits"))
        #expect(file.hdus.map(\.name) == ["PRIMARY", "SQRT_TS", "SQRT_TS_BANDS", "NPRED_EXCESS", "NPRED_EXCESS_BANDS", "NPRED", "NPRED_BANDS",
                                          "NPRED_BACKGROUND", "NPRED_BACKGROUND_BANDS", "TS", "TS_BANDS"])
        let sqrtTS = try file.image(named: "SQRT_TS", as: Double.self)
        #expect(sqrtTS.shape == [200, 200, 1])  // FITS axis order: lon, lat, energy
        let peak = sqrtTS.data.indices.max { sqrtTS.data[$0] < sqrtTS.data[$1] }!
        #expect(peak == 114 * 200 + 105)  // Gammapy's numpy index (0, 114, 105): RA 257.957°, Dec −39.510°
        #expect(abs(sqrtTS.data[peak] - 9.098825248887033) < 1e-6)
        // Gammapy's nansum over the 40000 pixels, within 1e-6 per pixel
        #expect(abs(sqrtTS.data.reduce(0, +) - 7985.136065663744) < 40000 * 1e-6)
        let ts = try file.image(named: "TS", as: Double.self).data
        #expect(abs(ts.reduce(0, +) - 102383.32906862165) < 40000 * 1e-6)
        #expect(try file.image(named: "NPRED", as: Double.self).data.reduce(0, +) == 2366545)
        let excess = try file.image(named: "NPRED_EXCESS", as: Double.self).data
        #expect(abs(excess.reduce(0, +) - 97257.04622387886) < 40000 * 1e-6)
        #expect(abs(excess.max()! - 99.47684478759766) < 1e-5)

        let plot = try GammaKitCLI.run(["plot", dir.file("sig/significance.fits"), "--hdu", "SQRT_TS", "-o", dir.file("sqrt_ts.png")])
        #expect(plot.status == 0 && plot.stdout.contains("linear stretch, RdBu_r symmetric"), "\(plot.stdout) \(plot.stderr)")
        let excessPlot = try GammaKitCLI.run(["plot", dir.file("sig/significance.fits"), "--hdu", "NPRED_EXCESS", "--colormap", "RdBu_r",
                                              "--symmetric", "-o", dir.file("excess.png")])
        #expect(excessPlot.status == 0 && excessPlot.stdout.contains("RdBu_r symmetric"), "\(excessPlot.stdout) \(excessPlot.stderr)")

        let again = try GammaKitCLI.run(["significance", dir.file("ring/stacked.fits"), "-o", dir.file("sig")])
        #expect(again.status != 0)
        #expect(again.stderr.contains("significance.fits exists; pass --overwrite"), "\(again.stderr)")
        let other = try GammaKitCLI.run(["significance", dir.file("ring/stacked.fits"), "-o", dir.file("sig"), "--overwrite", "--correlation-radius", "0.2"])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(!other.stdout.contains("maximum significance 9.10 σ"))
    }

    /// Our extension `background.method: adaptive_ring` on the same runs
    /// (scenarios/hess-rxj1713-adaptive-ring: Gammapy's side through its config.py, which
    /// agrees by compare.py): Gammapy's stacked background sums to 24388.0859375.
    @Test func adaptiveRingReductionIsGammapys() throws {
        let dir = TemporaryDirectory()
        let adaptive = (Self.scenario as NSString).deletingLastPathComponent + "/../hess-rxj1713-adaptive-ring/gammakit.yaml"
        let reduce = try GammaKitCLI.run(["reduce", adaptive, "--output", dir.file("adaptive"), "--verbose"])
        #expect(reduce.status == 0, "\(reduce.stderr)")
        #expect(reduce.stdout.contains("  Total background counts         : 24388.09\n"), "\(reduce.stdout)")
        #expect(reduce.stdout.contains("  Total counts                    : 29548 \n"))

        let yaml = try String(contentsOfFile: adaptive, encoding: .utf8)
            .replacingOccurrences(of: "stepsize: 0.1 deg", with: "stepsize: 0.1 deg, method: fixed_rin")
            .replacingOccurrences(of: "../hess-rxj1713-ring/", with: (Self.scenario as NSString).deletingLastPathComponent + "/")
        try yaml.write(toFile: dir.file("typo.yaml"), atomically: true, encoding: .utf8)
        let typo = try GammaKitCLI.run(["reduce", dir.file("typo.yaml"), "--output", dir.file("typo")])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("key datasets.background.parameters.method: method must be 'fixed_width' or 'fixed_r_in', got 'fixed_rin'"), "\(typo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("typo")))
    }

    /// Unstacked (scenarios/hess-rxj1713-ring-per-obs, 4 runs): one MapDatasetOnOff per run,
    /// agreeing with Gammapy's by compare.py; the summary is Gammapy 2.1's `print(dataset)` of
    /// its own run 20326, character for character.
    @Test func unstackedRingMakesOnOffDatasets() throws {
        let dir = TemporaryDirectory()
        let config = (Self.scenario as NSString).deletingLastPathComponent + "/../hess-rxj1713-ring-per-obs/config.yaml"
        let reduce = try GammaKitCLI.run(["reduce", config, "--output", dir.file("ring"), "--verbose"])
        #expect(reduce.status == 0, "\(reduce.stderr)")
        #expect(reduce.stdout.contains("wrote 4 dataset(s) [20326, 20327, 20396, 20898]"), "\(reduce.stdout)")
        let gammapy = """
        MapDatasetOnOff
        ---------------

          Name                            : 20326 

          Total counts                    : 1964 
          Total background counts         : 1891.66
          Total excess counts             : 72.34

          Predicted counts                : 1891.69
          Predicted background counts     : 1891.69
          Predicted excess counts         : nan

          Exposure min                    : 1.41e+07 m2 s
          Exposure max                    : 4.59e+08 m2 s

          Number of total bins            : 35800 
          Number of fit bins              : 32780 

          Fit statistic type              : wstat
          Fit statistic value (-2 log(L)) : 11126.67

          Number of models                : 0 
          Number of parameters            : 0
          Number of free parameters       : 0

          Total counts_off                : 4157474 
          Acceptance                      : 1405 
          Acceptance off                  : 3086257 

        """
        #expect(reduce.stdout.hasPrefix(gammapy), "\(reduce.stdout)")
        let index = try String(contentsOfFile: dir.file("ring/datasets.yaml"), encoding: .utf8)
        #expect(index.contains("-   name: '20326'\n    type: MapDatasetOnOff\n    filename: 20326.fits\n"), "\(index)")
        let file = try FITSFile(path: dir.file("ring/20326.fits"))
        #expect(try file.hdu(named: "ACCEPTANCE_OFF").header.int("BITPIX") == -32)  // Gammapy's float32 convolution
        #expect(!file.hdus.contains { $0.name == "BACKGROUND" })

        let significance = try GammaKitCLI.run(["significance", dir.file("ring/20326.fits"), "-o", dir.file("sig")])
        #expect(significance.status == 0, "\(significance.stderr)")
        #expect(significance.stdout.contains("maximum significance 4.06 σ"), "\(significance.stdout)")
        let names = try FITSFile(path: dir.file("sig/significance.fits")).hdus.map(\.name)
        #expect(names.contains("COUNTS_OFF") && names.contains("ALPHA"), "\(names)")
    }

    @Test func datasetsWithSeveralEnergyBinsAreRefused() throws {
        let dir = TemporaryDirectory()
        let config = try String(contentsOfFile: Self.scenario, encoding: .utf8)
            .replacingOccurrences(of: "energy: {min: 0.5 TeV, max: 100 TeV, nbins: 1}", with: "energy: {min: 0.5 TeV, max: 100 TeV, nbins: 2}")
            .replacingOccurrences(of: "exclusion: exclusion.fits.gz", with: "exclusion: \((Self.scenario as NSString).deletingLastPathComponent)/exclusion.fits.gz")
            .replacingOccurrences(of: "obs_ids: [20326, 20327, 20349, 20350, 20396, 20397, 20421, 20422, 20517, 20518, 20519, 20521, 20898, 20899, 20900]", with: "obs_ids: [20326]")
        try config.write(toFile: dir.file("config.yaml"), atomically: true, encoding: .utf8)
        let reduce = try GammaKitCLI.run(["reduce", dir.file("config.yaml"), "--output", dir.file("ring")])
        #expect(reduce.status == 0, "\(reduce.stderr)")
        let significance = try GammaKitCLI.run(["significance", dir.file("ring/stacked.fits"), "-o", dir.file("sig")])
        #expect(significance.status == 1)
        #expect(significance.stderr.contains("has 2 energy bins; significance maps are made for one bin"), "\(significance.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("sig/significance.fits")))
    }

    @Test func missingDatasetIsNamed() throws {
        let dir = TemporaryDirectory()
        let result = try GammaKitCLI.run(["significance", dir.file("nope.fits"), "-o", dir.file("sig")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nope.fits"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("sig")))
    }
}
