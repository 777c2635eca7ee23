import Foundation
import Testing
import TestSupport

/// `gammakit reduce` end to end. Reference numbers are Gammapy 2.1's, from
/// ../shared/reference/scenarios/seed-3d-single/expected-summary.json (run_reference.py).
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason), .serialized)
struct ReduceCommandTests {
    static let single = """
    observations:
        datastore: $GAMMAPY_DATA/hess-dl3-dr1
        obs_ids: [23592]
    datasets:
        type: 3d
        stack: false
        geom:
            wcs:
                skydir: {frame: icrs, lon: 83.63 deg, lat: 22.01 deg}
                binsize: 0.05 deg
                width: {width: 5 deg, height: 5 deg}
            selection: {offset_max: 5 deg}
            axes:
                energy: {min: 1 TeV, max: 10 TeV, nbins: 11}
                energy_true: {min: 0.3 TeV, max: 10 TeV, nbins: 31}
        background: {method: null}
        safe_mask: {methods: []}
    """

    private func write(_ yaml: String, in dir: TemporaryDirectory) throws -> String {
        let path = dir.file("config.yaml")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func singleObservationAsGammapy() throws {
        let dir = TemporaryDirectory()
        let out = dir.file("out")
        let result = try GammaKitCLI.run(["reduce", try write(Self.single, in: dir), "--output", out, "--verbose"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/datasets.yaml"))
        #expect(FileManager.default.fileExists(atPath: out + "/23592.fits"))
        // Gammapy prints counts and background inside the safe mask; the invalid-background cut
        // leaves 77055 of 110000 bins (Gammapy: mask_safe_sum 77055, counts 1956 inside it).
        #expect(result.stdout.contains("Total counts                    : 1956 "))
        #expect(result.stdout.contains("Total background counts         : 1866.72"))
        #expect(result.stdout.contains("Exposure max                    : 1.09e+09 m2 s"))
        #expect(result.stdout.contains("Number of fit bins              : 77055 "))
    }

    @Test func existingOutputIsRefusedWithoutOverwrite() throws {
        let dir = TemporaryDirectory()
        let out = dir.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "keep me".write(toFile: out + "/note.txt", atomically: true, encoding: .utf8)
        let result = try GammaKitCLI.run(["reduce", try write(Self.single, in: dir), "--output", out])
        #expect(result.status == 1)
        #expect(result.stderr.contains("exists") && result.stderr.contains(out))
        #expect(try String(contentsOfFile: out + "/note.txt", encoding: .utf8) == "keep me")
        // --overwrite replaces only a previous GammaKit output, one with datasets.yaml.
        let refused = try GammaKitCLI.run(["reduce", try write(Self.single, in: dir), "--output", out, "--overwrite"])
        #expect(refused.status == 1 && refused.stderr.contains("not a previous GammaKit output"), "\(refused.stderr)")
        try "datasets: []".write(toFile: out + "/datasets.yaml", atomically: true, encoding: .utf8)
        let replaced = try GammaKitCLI.run(["reduce", try write(Self.single, in: dir), "--output", out, "--overwrite"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/note.txt"))
        // No staging folders left beside the output.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["config.yaml", "out"])
    }

    @Test func unknownConfigKeyIsNamed() throws {
        let dir = TemporaryDirectory()
        let yaml = Self.single.replacingOccurrences(of: "binsize: 0.05 deg", with: "binsz: 0.05 deg")
        let result = try GammaKitCLI.run(["reduce", try write(yaml, in: dir), "--output", dir.file("out")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("datasets.geom.wcs.binsz") && result.stderr.contains("binsize"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
    }

    @Test func observationOutsideTheGeometryIsLeftOutWithAWarning() throws {
        let dir = TemporaryDirectory()
        let yaml = Self.single.replacingOccurrences(of: "{frame: icrs, lon: 83.63 deg, lat: 22.01 deg}",
                                                    with: "{frame: galactic, lon: 0 deg, lat: 0 deg}")
            .replacingOccurrences(of: "offset_max: 5 deg", with: "offset_max: 2 deg")
        let result = try GammaKitCLI.run(["reduce", try write(yaml, in: dir), "--output", dir.file("out")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("23592") && result.stderr.contains("outside"))
        #expect(result.stdout.contains("wrote 0 dataset(s)"))
    }

    @Test func missingIRFIsNamedWithTheObservation() throws {
        let dir = TemporaryDirectory()
        let yaml = """
        observations:
            datastore: $GAMMAPY_DATA/magic/rad_max/data
            obs_ids: [5029747]
            required_irf: [aeff, edisp]
        datasets:
            type: 3d
            geom:
                wcs:
                    skydir: {frame: icrs, lon: 83.63 deg, lat: 22.01 deg}
                    binsize: 0.1 deg
                    width: {width: 2 deg, height: 2 deg}
        """
        let result = try GammaKitCLI.run(["reduce", try write(yaml, in: dir), "--output", dir.file("out")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("5029747") && (result.stderr.contains("psf") || result.stderr.contains("bkg")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
    }

    @Test func missingExclusionMaskIsNamed() throws {
        let dir = TemporaryDirectory()
        let yaml = Self.single.replacingOccurrences(of: "background: {method: null}",
                                                    with: "background: {method: fov_background, exclusion: no-such-mask.fits}")
        let result = try GammaKitCLI.run(["reduce", try write(yaml, in: dir), "--output", dir.file("out")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("datasets.background.exclusion") && result.stderr.contains("no-such-mask.fits"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
    }

    @Test func infoListsTheStore() throws {
        let result = try GammaKitCLI.run(["info", GammapyData.file("hess-dl3-dr1"), "--obs", "23592"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("105 observations"))
        #expect(result.stdout.contains("23592  Crab Nebula"))
        #expect(result.stdout.contains("axis ENERG      96 bins"))
    }
}
