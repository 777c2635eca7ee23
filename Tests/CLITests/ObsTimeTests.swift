import Foundation
import Testing
import TestSupport

/// `observations.obs_time` on the four Crab runs shipped in data/gammapy-data-sample
/// (scenarios/hess-crab-obs-time: three intervals cutting 23523, 23526 + 23559 and 23592). The
/// stacked and per-run reductions of that scenario agree with Gammapy 2.1's Analysis by
/// compare.py (scripts/check_scenarios.sh); here: the runs' counts and livetimes after the cut
/// (Gammapy's livetimes: 725.7, 899.9, 888.3, 677.1 s), one dataset per interval (our
/// extension), and the configurations refused.
@Suite(.serialized)
struct ObsTimeTests {
    static let root = MainJobTests.root
    static let sample = root.appendingPathComponent("data/gammapy-data-sample").path

    static func config(_ edit: (String) -> String = { $0 }, in dir: TemporaryDirectory) throws -> String {
        let text = try String(contentsOfFile: root.appendingPathComponent("scenarios/hess-crab-obs-time/config.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "../../Examples", with: root.appendingPathComponent("Examples").path)
        try edit(text).write(toFile: dir.file("config.yaml"), atomically: true, encoding: .utf8)
        return dir.file("config.yaml")
    }

    @Test func runsAreCutToTheIntervals() throws {
        let dir = TemporaryDirectory()
        let result = try GammaKitCLI.run(["reduce", try Self.config(in: dir), "--output", dir.file("out"), "--verbose"],
                                         environment: ["GAMMAPY_DATA": Self.sample])
        #expect(result.status == 0, "\(result.stderr)")
        for line in [" 23523  reduced    1180     725.7", " 23526  reduced    1175     899.9", " 23559  reduced     906     888.3",
                     " 23592  reduced     821     677.1", "  Total counts                    : 4082 \n"] {
            #expect(result.stdout.contains(line), "\(line)\n\(result.stdout)")
        }
    }

    @Test func oneDatasetPerInterval() throws {
        let dir = TemporaryDirectory()
        let config = try Self.config({ $0.replacingOccurrences(of: "    obs_time:\n", with: "    obs_time:\n        one_dataset_per_interval: true\n") }, in: dir)
        let result = try GammaKitCLI.run(["reduce", config, "--output", dir.file("out"), "--verbose"], environment: ["GAMMAPY_DATA": Self.sample])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote 3 dataset(s) [interval_1, interval_2, interval_3]"), "\(result.stdout)")
        for (name, counts) in [("interval_1", 1180), ("interval_2", 2081), ("interval_3", 821)] {
            #expect(result.stdout.contains("  Name                            : \(name) \n\n  Total counts                    : \(counts) \n"), "\(name)")
        }
        let unstacked = try Self.config({ $0.replacingOccurrences(of: "    obs_time:\n", with: "    obs_time:\n        one_dataset_per_interval: true\n")
            .replacingOccurrences(of: "stack: true", with: "stack: false") }, in: dir)
        let refused = try GammaKitCLI.run(["reduce", unstacked, "--output", dir.file("refused")], environment: ["GAMMAPY_DATA": Self.sample])
        #expect(refused.status == 1 && refused.stderr.contains("key observations.obs_time.one_dataset_per_interval"), "\(refused.stderr)")
    }

    @Test func badIntervalsAreRefused() throws {
        let dir = TemporaryDirectory()
        // a run in two intervals, unstacked: two datasets with one name (Gammapy refuses them too)
        let twice = try Self.config({ $0.replacingOccurrences(of: "'2004-12-04T23:05:00', ", with: "'2004-12-04T22:10:00', ")
            .replacingOccurrences(of: "stack: true", with: "stack: false") }, in: dir)
        let result = try GammaKitCLI.run(["reduce", twice, "--output", dir.file("twice")], environment: ["GAMMAPY_DATA": Self.sample])
        #expect(result.status == 1 && result.stderr.contains("observation 23523 overlaps two time intervals"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("twice")))
        let typo = try Self.config({ $0.replacingOccurrences(of: "'2004-12-04T22:20:00'", with: "'2004-12-4T22:20:00'") }, in: dir)
        let bad = try GammaKitCLI.run(["reduce", typo, "--output", dir.file("typo")], environment: ["GAMMAPY_DATA": Self.sample])
        #expect(bad.status == 1 && bad.stderr.contains("observations.obs_time[0]") && bad.stderr.contains("2004-12-4T22:20:00"), "\(bad.stderr)")
        let reversed = try Self.config({ $0.replacingOccurrences(of: "'2004-12-04T22:20:00'", with: "'2004-12-04T21:20:00'") }, in: dir)
        let backwards = try GammaKitCLI.run(["reduce", reversed, "--output", dir.file("reversed")], environment: ["GAMMAPY_DATA": Self.sample])
        #expect(backwards.status == 1 && backwards.stderr.contains("must stop after it starts"), "\(backwards.stderr)")
    }
}
