import Foundation
import Testing
import TestSupport

/// A data store with one damaged run (a copy of the shipped sample with run 23526 truncated):
/// without `--skip-failed` nothing is written and the run and file are named; with it the other
/// three runs are reduced and written, `failures.yaml` names the damaged one and the exit
/// status is 3.
@Suite(.serialized)
struct SkipFailedTests {
    static let root = MainJobTests.root

    /// The sample copied into `dir` with run 23526's file cut to its first 200 kB.
    static func damagedStore(in dir: TemporaryDirectory) throws -> String {
        let store = dir.file("gammapy-data")
        try FileManager.default.copyItem(atPath: root.appendingPathComponent("data/gammapy-data-sample").path, toPath: store)
        let run = store + "/hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023526.fits.gz"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: run))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: run)
        try bytes.prefix(200_000).write(to: URL(fileURLWithPath: run))
        return store
    }

    @Test func damagedRunStopsTheRunOrIsListed() throws {
        let dir = TemporaryDirectory()
        let store = try Self.damagedStore(in: dir)
        let config = Self.root.appendingPathComponent("Examples/crab-3d/config.yaml").path
        let strict = try GammaKitCLI.run(["reduce", config, "--output", dir.file("strict")], environment: ["GAMMAPY_DATA": store])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("observation 23526: cannot read") && strict.stderr.contains("hess_dl3_dr1_obs_id_023526.fits.gz"), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("strict")))

        let lenient = try GammaKitCLI.run(["reduce", config, "--output", dir.file("lenient"), "--skip-failed", "--verbose"],
                                          environment: ["GAMMAPY_DATA": store])
        #expect(lenient.status == 3, "\(lenient.stderr)")
        #expect(lenient.stdout.contains("3 reduced, 0 skipped, 1 failed: 5881 counts"), "\(lenient.stdout)")
        #expect(lenient.stderr.contains("1 observation(s) failed (23526); they are listed in"), "\(lenient.stderr)")
        let failures = try String(contentsOfFile: dir.file("lenient/failures.yaml"), encoding: .utf8)
        #expect(failures.contains("-   obs_id: 23526\n    error: 'observation 23526: cannot read"), "\(failures)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("lenient")).sorted() == ["datasets.yaml", "failures.yaml", "stacked.fits"])
        #expect(lenient.stdout.contains("  Total counts                    : 5881 \n"))
    }

    @Test func everyRunFailedWritesNothing() throws {
        let dir = TemporaryDirectory()
        let store = try Self.damagedStore(in: dir)
        let yaml = try String(contentsOfFile: Self.root.appendingPathComponent("Examples/crab-3d/config.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "obs_ids: [23523, 23592, 23526, 23559]", with: "obs_ids: [23526]")
            .replacingOccurrences(of: "exclusion: exclusion.fits.gz", with: "exclusion: \(Self.root.path)/Examples/crab-3d/exclusion.fits.gz")
        try yaml.write(toFile: dir.file("one.yaml"), atomically: true, encoding: .utf8)
        let result = try GammaKitCLI.run(["reduce", dir.file("one.yaml"), "--output", dir.file("out"), "--skip-failed"], environment: ["GAMMAPY_DATA": store])
        #expect(result.status == 1)
        #expect(result.stderr.contains("every observation failed, nothing is written (23526)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
    }
}
