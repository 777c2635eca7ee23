import Foundation
import Testing
import TestSupport
@testable import Analysis

/// Configurations that used to give silently wrong or empty datasets, or crashes, are refused
/// with the key and the real problem (issue 14, items 3 and 6).
struct ConfigValidationTests {
    static let base = """
    observations:
        datastore: /store
        obs_ids: [23523, 23592]
    datasets:
        type: 3d
        geom:
            wcs:
                skydir: {frame: icrs, lon: 83.63 deg, lat: 22.01 deg}
                binsize: 0.02 deg
                width: {width: 5 deg, height: 5 deg}
            selection: {offset_max: 2.5 deg}
            axes:
                energy: {min: 1 TeV, max: 10 TeV, nbins: 10}
                energy_true: {min: 0.5 TeV, max: 20 TeV, nbins: 20}
    """

    private func error(_ replacing: String, with: String) -> ConfigError? {
        let yaml = Self.base.replacingOccurrences(of: replacing, with: with)
        #expect(yaml != Self.base, "the test's replacement did not apply: \(replacing)")
        do {
            _ = try AnalysisConfig.parse(yaml: yaml, baseDirectory: "/")
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func baseIsValid() throws {
        _ = try AnalysisConfig.parse(yaml: Self.base, baseDirectory: "/")
    }

    @Test(arguments: [
        ("obs_ids: [23523, 23592]", "obs_ids: [23523, 23592, 23523]", "observations.obs_ids", "observation 23523 is listed more than once"),
        ("energy: {min: 1 TeV, max: 10 TeV", "energy: {min: 10 TeV, max: 1 TeV", "datasets.geom.axes.energy", "min (10 TeV) must be below max (1 TeV)"),
        ("energy: {min: 1 TeV, max: 10 TeV", "energy: {min: 2000 GeV, max: 1 TeV", "datasets.geom.axes.energy", "must be below max"),
        ("nbins: 10", "nbins: 0", "datasets.geom.axes.energy.nbins", "at least 1 bin, got 0"),
        ("min: 0.5 TeV", "min: -0.5 TeV", "datasets.geom.axes.energy_true.min", "positive"),
        ("offset_max: 2.5 deg", "offset_max: -1 deg", "datasets.geom.selection.offset_max", "must be a positive angle, got -1.0 deg"),
        ("lon: 83.63 deg", "lon: nan deg", "datasets.geom.wcs.skydir.lon", "finite"),
        ("lat: 22.01 deg", "lat: 95 deg", "datasets.geom.wcs.skydir.lat", "between -90 and 90 deg"),
        ("binsize: 0.02 deg", "binsize: 0 deg", "datasets.geom.wcs.binsize", "must be a positive angle"),
        ("width: 5 deg,", "width: 1000 deg,", "datasets.geom.wcs.width.width", "wider than the whole sky"),
        ("height: 5 deg", "height: 181 deg", "datasets.geom.wcs.width.height", "higher than the whole sky"),
    ])
    func refusedWithTheKey(replacing: String, with: String, key: String, message: String) {
        let found = error(replacing, with: with)
        #expect(found?.key == key, "\(String(describing: found))")
        #expect(found?.message.contains(message) == true, "\(String(describing: found))")
    }

    @Test func emptyDeviceAndDirectoryConfigsAreNamed() throws {
        let dir = TemporaryDirectory()
        try "".write(toFile: dir.file("empty.yaml"), atomically: true, encoding: .utf8)
        try "# only a comment\n".write(toFile: dir.file("comment.yaml"), atomically: true, encoding: .utf8)
        try Data([0xff, 0xfe, 0x00]).write(to: URL(fileURLWithPath: dir.file("binary.yaml")))
        let cases = [(dir.file("empty.yaml"), "the configuration is empty"), (dir.file("comment.yaml"), "the configuration is empty"),
                     ("/dev/null", "the configuration is empty"), (dir.path, "is a directory, not a configuration file"),
                     (dir.file("missing.yaml"), "No such file or directory"), (dir.file("binary.yaml"), "is not UTF-8 text")]
        for (path, message) in cases {
            do {
                _ = try AnalysisConfig.read(path: path)
                Issue.record("\(path) was accepted")
            } catch let error as ConfigError {
                #expect(error.file == path && error.message.contains(message), "\(error)")
            }
        }
    }

    @Test func inputPathsAreTheConfigStoreAndExclusion() throws {
        let dir = TemporaryDirectory()
        let yaml = Self.base + "\n    background: {method: fov_background, exclusion: mask.fits}\n"
        try yaml.write(toFile: dir.file("config.yaml"), atomically: true, encoding: .utf8)
        let config = try AnalysisConfig.read(path: dir.file("config.yaml"))
        #expect(config.inputPaths == [dir.file("config.yaml"), "/store", dir.file("mask.fits")])
    }
}
