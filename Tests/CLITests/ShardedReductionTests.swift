import FITSIO
import Foundation
import Testing
import TestSupport

/// `gammakit reduce --shard i/n` + `gammakit stack` give the same output as one unsharded
/// `gammakit reduce` (FITS bytes except their creation-time cards, YAML except date and
/// checksum), on the four Crab runs shipped in data/: stacked and unstacked 3D, 1D spectra
/// stacked and unstacked. Missing and failed observations are named, reruns complete them,
/// and a shard killed mid-write leaves nothing half-written.
@Suite(.serialized)
struct ShardedReductionTests {
    static let root = MainJobTests.root
    static let sample = root.appendingPathComponent("data/gammapy-data-sample").path
    static let exclusion = root.appendingPathComponent("Examples/crab-3d/exclusion.fits.gz").path

    /// The tutorial's 3D configuration, with `replacing` applied, written into `dir`.
    static func config3D(_ dir: TemporaryDirectory, _ replacing: [String: String] = [:], name: String = "config.yaml") throws -> String {
        var text = try String(contentsOfFile: root.appendingPathComponent("Examples/crab-3d/config.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "exclusion: exclusion.fits.gz", with: "exclusion: \(exclusion)")
        for (a, b) in replacing { text = text.replacingOccurrences(of: a, with: b) }
        try text.write(toFile: dir.file(name), atomically: true, encoding: .utf8)
        return dir.file(name)
    }

    /// The makers tutorial's 1D reflected-regions reduction of the four runs, with the exclusion
    /// mask of `make run`.
    static func config1D(_ dir: TemporaryDirectory, stack: Bool) throws -> String {
        let text = ReduceSpectrumTests.config.replacingOccurrences(of: "stack: false", with: "stack: \(stack)")
            .replacingOccurrences(of: "background: {method: reflected}", with: "background: {method: reflected, exclusion: \(exclusion)}")
        try text.write(toFile: dir.file("config-1d.yaml"), atomically: true, encoding: .utf8)
        return dir.file("config-1d.yaml")
    }

    static func run(_ arguments: [String], store: String = sample) throws -> GammaKitCLI.Output {
        try GammaKitCLI.run(arguments, environment: ["GAMMAPY_DATA": store])
    }

    /// Every file of `a` and `b` the same (FITS without creation dates, YAML without date and checksum).
    static func expectSameOutput(_ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: a).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: b).sorted()), sourceLocation: sourceLocation)
        func yaml(_ path: String) throws -> [Substring] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.contains("date: ") && !$0.contains("checksum: ") }
        }
        for file in files {
            if file.hasSuffix(".fits") {
                let same = try MainJobTests.bytesWithoutDates("\(a)/\(file)") == MainJobTests.bytesWithoutDates("\(b)/\(file)")
                #expect(same, "\(file) differs", sourceLocation: sourceLocation)
            } else if file.hasSuffix(".yaml") {
                #expect(try yaml("\(a)/\(file)") == yaml("\(b)/\(file)"), "\(file) differs", sourceLocation: sourceLocation)
            }
        }
    }

    /// Unsharded, then `shards` shards and the stack: the same files.
    static func checkShardedEqualsUnsharded(_ config: String, _ dir: TemporaryDirectory, shards: Int, expectedFiles: Int) throws {
        let full = try run(["reduce", config, "--output", dir.file("full"), "--quiet"])
        #expect(full.status == 0, "\(full.stderr)")
        for i in 1...shards {
            let shard = try run(["reduce", config, "--output", dir.file("sharded"), "--shard", "\(i)/\(shards)", "--quiet"])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("sharded")), "the shards write only partial datasets")
        let stack = try run(["stack", dir.file("sharded")])
        #expect(stack.status == 0, "\(stack.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("sharded")).count == expectedFiles)
        try expectSameOutput(dir.file("full"), dir.file("sharded"))
    }

    @Test func stacked3DShardsGiveTheUnshardedDataset() throws {
        let dir = TemporaryDirectory()
        try Self.checkShardedEqualsUnsharded(try Self.config3D(dir), dir, shards: 3, expectedFiles: 2)
        // a rerun of a finished shard reduces nothing again
        let again = try Self.run(["reduce", dir.file("config.yaml"), "--output", dir.file("sharded"), "--shard", "3/3"])
        #expect(again.status == 0 && again.stdout.contains("shard 3/3: 2 observation(s): 0 reduced, 0 skipped, 2 done before, 0 failed"), "\(again.stdout)")
        let status = try Self.run(["status", dir.file("sharded")])
        #expect(status.status == 0 && status.stdout.contains("  4 done, 0 skipped, 0 failed, 0 to do"), "\(status.stdout)")
        #expect(status.stdout.contains("complete, and stacked: "), "\(status.stdout)")
    }

    @Test func unstacked3DShardsGiveTheUnshardedDatasets() throws {
        let dir = TemporaryDirectory()
        // four FITS files, datasets.yaml, models.yaml and its covariance
        try Self.checkShardedEqualsUnsharded(try Self.config3D(dir, ["stack: true": "stack: false"]), dir, shards: 3, expectedFiles: 7)
    }

    @Test func perIntervalShardsGiveTheUnshardedDatasets() throws {
        let dir = TemporaryDirectory()
        // obs_time with one stacked dataset per interval: runs cut to three intervals
        let config = try ObsTimeTests.config({ $0.replacingOccurrences(of: "    obs_time:\n", with: "    obs_time:\n        one_dataset_per_interval: true\n") }, in: dir)
        try Self.checkShardedEqualsUnsharded(config, dir, shards: 3, expectedFiles: 4)
    }

    @Test(arguments: [false, true])
    func spectrumShardsGiveTheUnshardedSpectra(_ stack: Bool) throws {
        let dir = TemporaryDirectory()
        try Self.checkShardedEqualsUnsharded(try Self.config1D(dir, stack: stack), dir, shards: 3, expectedFiles: stack ? 2 : 5)
    }

    @Test func stackRefusesAnIncompleteReductionUnlessAsked() throws {
        let dir = TemporaryDirectory()
        let config = try Self.config3D(dir)
        let first = try Self.run(["reduce", config, "--output", dir.file("out"), "--shard", "1/2", "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let status = try Self.run(["status", dir.file("out")])
        #expect(status.status == 2 && status.stdout.contains("  2 done, 0 skipped, 0 failed, 2 to do"), "\(status.stdout)")
        #expect(status.stdout.contains("not started: shard(s) 2/2"), "\(status.stdout)")
        let refused = try Self.run(["stack", dir.file("out")])
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("2 of 4 observation(s) have no partial dataset") && refused.stderr.contains("23526: not reduced")
                && refused.stderr.contains("23559: not reduced"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
        let partial = try Self.run(["stack", dir.file("out"), "--allow-incomplete"])
        #expect(partial.status == 3, "\(partial.stderr)")
        let failures = try String(contentsOfFile: dir.file("out/failures.yaml"), encoding: .utf8)
        #expect(failures.contains("obs_id: 23526") && failures.contains("obs_id: 23559") && !failures.contains("23523"), "\(failures)")
        // a changed configuration is not stacked with the shards of the old one
        try (try String(contentsOfFile: config, encoding: .utf8) + "\n# changed\n").write(toFile: config, atomically: true, encoding: .utf8)
        let changed = try Self.run(["reduce", config, "--output", dir.file("out"), "--shard", "2/2", "--quiet"])
        #expect(changed.status == 1 && changed.stderr.contains("has changed since"), "\(changed.stderr)")
    }

    @Test func failedObservationIsNamedAndARerunCompletesIt() throws {
        let dir = TemporaryDirectory()
        let store = try SkipFailedTests.damagedStore(in: dir)
        let config = try Self.config3D(dir)
        let shard = try Self.run(["reduce", config, "--output", dir.file("out"), "--shard", "2/2", "--quiet"], store: store)
        #expect(shard.status == 3, "\(shard.stderr)")
        #expect(shard.stderr.contains("1 observation(s) failed (23526); run the shard again to retry them"), "\(shard.stderr)")
        _ = try Self.run(["reduce", config, "--output", dir.file("out"), "--shard", "1/2", "--quiet"], store: store)
        let status = try Self.run(["status", dir.file("out")])
        #expect(status.status == 3, "\(status.stdout)")
        #expect(status.stdout.contains("  3 done, 0 skipped, 1 failed, 0 to do"), "\(status.stdout)")
        #expect(status.stdout.contains("observation 23526 failed: observation 23526: cannot read"), "\(status.stdout)")
        let refused = try Self.run(["stack", dir.file("out")])
        #expect(refused.status == 1 && refused.stderr.contains("23526: failed: observation 23526: cannot read"), "\(refused.stderr)")
        // the file repaired, a rerun of the shard reduces only the failed observation
        let run = "/hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023526.fits.gz"
        try FileManager.default.removeItem(atPath: store + run)
        try FileManager.default.copyItem(atPath: Self.sample + run, toPath: store + run)
        let rerun = try Self.run(["reduce", config, "--output", dir.file("out"), "--shard", "2/2", "--quiet"], store: store)
        #expect(rerun.status == 0 && rerun.stdout.contains("1 reduced, 0 skipped, 1 done before, 0 failed"), "\(rerun.stdout) \(rerun.stderr)")
        let stack = try Self.run(["stack", dir.file("out")], store: store)
        #expect(stack.status == 0, "\(stack.stderr)")
        let full = try Self.run(["reduce", config, "--output", dir.file("full"), "--quiet"])
        #expect(full.status == 0, "\(full.stderr)")
        try Self.expectSameOutput(dir.file("full"), dir.file("out"))
    }

    @Test func killedShardLeavesNothingHalfWritten() throws {
        let dir = TemporaryDirectory()
        let config = try Self.config3D(dir, ["stack: true": "stack: false"])
        let partial = dir.file("out.shards/partial")
        // killed while a partial dataset's file is being written (its temporary is there), twice:
        // every file there is complete, and a rerun finishes the shard
        var killedMidWrite = 0
        for _ in 0..<2 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: GammaKitCLI.executable)
            process.arguments = ["reduce", config, "--output", dir.file("out"), "--shard", "1/1", "--jobs", "1", "--quiet"]
            process.environment = ProcessInfo.processInfo.environment.merging(["GAMMAPY_DATA": Self.sample]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning && Date() < deadline {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: partial)) ?? []
                if names.contains(where: { $0.hasPrefix(".") && $0.contains(".fits.partial-") }) {
                    kill(process.processIdentifier, SIGKILL)
                    killedMidWrite += 1
                    break
                }
                usleep(1_000)
            }
            process.waitUntilExit()
            for name in (try? FileManager.default.contentsOfDirectory(atPath: partial)) ?? [] where name.hasSuffix(".fits") && !name.hasPrefix(".") {
                let file = try FITSFile(path: dir.file("out.shards/partial/\(name)"))
                #expect(file.hdus.last?.name == "META_TABLE", "\(name) is incomplete: \(file.hdus.map(\.name))")
            }
        }
        #expect(killedMidWrite == 2)
        let rerun = try Self.run(["reduce", config, "--output", dir.file("out"), "--shard", "1/1", "--quiet"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: partial).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporaries left: \(leftovers)")
        #expect(try Self.run(["stack", dir.file("out")]).status == 0)
        #expect(try Self.run(["reduce", config, "--output", dir.file("full"), "--quiet"]).status == 0)
        try Self.expectSameOutput(dir.file("full"), dir.file("out"))
    }

    @Test func badShardsAreRefused() throws {
        let dir = TemporaryDirectory()
        let config = try Self.config3D(dir)
        for bad in ["0/3", "4/3", "2", "a/b"] {
            let result = try Self.run(["reduce", config, "--output", dir.file("out"), "--shard", bad])
            #expect(result.status == 64 && result.stderr.contains("--shard"), "\(bad): \(result.stderr)")
        }
        let plots = try Self.run(["reduce", config, "--output", dir.file("out"), "--shard", "1/2", "--plots"])
        #expect(plots.status == 64 && plots.stderr.contains("gammakit stack"), "\(plots.stderr)")
        let none = try Self.run(["stack", dir.file("nothing")])
        #expect(none.status == 1 && none.stderr.contains("no sharded reduction here"), "\(none.stderr)")
        let status = try Self.run(["status", dir.file("nothing")])
        #expect(status.status == 1 && status.stderr.contains("no sharded reduction here"), "\(status.stderr)")
        // --engine slurm where Slurm's commands are not installed: said, nothing written
        let noSlurm = try GammaKitCLI.run(["reduce", config, "--output", dir.file("out"), "--engine", "slurm"],
                                          environment: ["GAMMAPY_DATA": Self.sample, "PATH": dir.file("empty-path")])
        #expect(noSlurm.status == 1 && noSlurm.stderr.contains("scontrol was not found on PATH"), "\(noSlurm.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out.shards")) && !FileManager.default.fileExists(atPath: dir.file("out")))
        let stray = try Self.run(["reduce", config, "--output", dir.file("out"), "--tasks", "3"])
        #expect(stray.status == 64 && stray.stderr.contains("go with --engine slurm"), "\(stray.stderr)")
    }
}
