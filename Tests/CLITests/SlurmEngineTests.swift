import Foundation
import Testing
import TestSupport

/// `gammakit reduce --engine slurm` on a real single-node Slurm cluster (Debian's slurm-wlm and
/// munge, started by scripts/slurm/start-cluster.sh as root, installed by
/// `scripts/install-deps.sh --test`): 20 H.E.S.S. DR1 runs reduced as a job array and stacked by
/// the dependent job give the local reduction's bytes. One run's file is damaged in a copy of
/// the data store: its task fails, `gammakit status` names the observation, the stack job
/// writes nothing; once the file is repaired a second submission reruns only that shard and
/// completes the output. The cluster's MaxArraySize is 4, so `--tasks 10` makes 3 shards.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason),
       .enabled(if: getuid() == 0, "starting a Slurm cluster needs root (CI runs as root)"), .serialized)
struct SlurmEngineTests {
    static let root = MainJobTests.root

    /// A data store of symbolic links to DR1's files, run 33795's file a truncated copy.
    static func damagedStore(in dir: TemporaryDirectory) throws -> (store: String, repair: () throws -> Void) {
        let source = GammapyData.file("hess-dl3-dr1")
        let store = dir.file("gammapy-data/hess-dl3-dr1")
        let files = FileManager.default
        try files.createDirectory(atPath: store + "/data", withIntermediateDirectories: true)
        for index in ["hdu-index.fits.gz", "obs-index.fits.gz"] {
            try files.createSymbolicLink(atPath: "\(store)/\(index)", withDestinationPath: "\(source)/\(index)")
        }
        for name in try files.contentsOfDirectory(atPath: source + "/data") {
            try files.createSymbolicLink(atPath: "\(store)/data/\(name)", withDestinationPath: "\(source)/data/\(name)")
        }
        let damaged = "/data/hess_dl3_dr1_obs_id_033795.fits.gz"
        try files.removeItem(atPath: store + damaged)
        try Data(contentsOf: URL(fileURLWithPath: source + damaged)).prefix(150_000).write(to: URL(fileURLWithPath: store + damaged))
        return (dir.file("gammapy-data"), {
            try files.removeItem(atPath: store + damaged)
            try files.createSymbolicLink(atPath: store + damaged, withDestinationPath: source + damaged)
        })
    }

    static func script(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> GammaKitCLI.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/slurm/\(name)").path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // files, not pipes: the daemons it starts keep its output open, a pipe would never end
        let log = NSTemporaryDirectory() + "gammakit-slurm-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: log + ".out", contents: nil)
        FileManager.default.createFile(atPath: log + ".err", contents: nil)
        defer { for suffix in [".out", ".err"] { try? FileManager.default.removeItem(atPath: log + suffix) } }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log + ".err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: try String(contentsOfFile: log + ".out", encoding: .utf8),
                     stderr: try String(contentsOfFile: log + ".err", encoding: .utf8))
    }

    /// Waits until none of `jobs` is in the queue any more.
    static func wait(for jobs: [String], environment: [String: String]) throws {
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["squeue", "-h", "-o", "%i", "-j", jobs.joined(separator: ",")]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus == 0 && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            Thread.sleep(forTimeInterval: 1)
        }
        Issue.record("jobs \(jobs) still queued after 600 s")
    }

    /// The job ids `reduce --engine slurm` printed: the array's, then the stack's.
    static func jobIDs(_ stdout: String) -> [String] {
        guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("submitted ") }) else { return [] }
        let words = line.split(separator: " ").map(String.init)
        return words.indices.filter { words[$0] == "job" && $0 + 1 < words.count }.map { words[$0 + 1].trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
    }

    @Test func twentyRunsOnSlurmEqualTheLocalReduction() throws {
        let dir = TemporaryDirectory()
        let state = dir.file("slurm")
        let ports = ["SLURMCTLD_PORT": "26917", "SLURMD_PORT": "26918", "SLURM_MAX_ARRAY_SIZE": "4"]
        let started = try Self.script("start-cluster.sh", [state], environment: ports)
        try #require(started.status == 0, "the Slurm cluster did not start (scripts/install-deps.sh --test installs it): \(started.stderr)")
        defer { _ = try? Self.script("stop-cluster.sh", [state]) }
        let slurm = ["SLURM_CONF": state + "/slurm.conf"]
        let config = dir.file("twenty.yaml")
        try ReduceInterruptTests.twentyRuns.replacingOccurrences(of: "stack: false", with: "stack: true")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let local = try GammaKitCLI.run(["reduce", config, "--output", dir.file("local"), "--quiet"])
        #expect(local.status == 0, "\(local.stderr)")

        let (store, repair) = try Self.damagedStore(in: dir)
        let environment = slurm.merging(["GAMMAPY_DATA": store]) { $1 }
        let arguments = ["reduce", config, "--output", dir.file("out"), "--engine", "slurm", "--tasks", "10", "--sbatch-arg=--time=10"]
        let first = try GammaKitCLI.run(arguments, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("submitted 3 shard(s) of 3 (20 observations) to Slurm"), "\(first.stdout)")
        #expect(first.stderr.contains("--tasks 10 is more than this cluster's MaxArraySize allows: 3 shards"), "\(first.stderr)")
        let firstJobs = Self.jobIDs(first.stdout)
        #expect(firstJobs.count == 2, "\(first.stdout)")
        try Self.wait(for: firstJobs, environment: slurm)

        let status = try GammaKitCLI.run(["status", dir.file("out")], environment: environment)
        #expect(status.status == 3, "\(status.stdout)")
        #expect(status.stdout.contains("  19 done, 0 skipped, 1 failed, 0 to do"), "\(status.stdout)")
        #expect(status.stdout.contains("observation 33795 failed: observation 33795: cannot read"), "\(status.stdout)")
        #expect(status.stdout.contains("2/3    failed") && status.stdout.contains("\(firstJobs[0])_2"), "\(status.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")), "the stack job must not write an incomplete output")
        let stackLog = try String(contentsOfFile: dir.file("out.shards/logs/stack.log"), encoding: .utf8)
        #expect(stackLog.contains("1 of 20 observation(s) have no partial dataset") && stackLog.contains("33795: failed"), "\(stackLog)")

        try repair()
        let second = try GammaKitCLI.run(arguments, environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("submitted 1 shard(s) of 3 (20 observations)"), "\(second.stdout)")
        let secondJobs = Self.jobIDs(second.stdout)
        try Self.wait(for: secondJobs, environment: slurm)
        let done = try GammaKitCLI.run(["status", dir.file("out")], environment: environment)
        #expect(done.status == 0 && done.stdout.contains("  20 done, 0 skipped, 0 failed, 0 to do"), "\(done.stdout)")
        #expect(try MainJobTests.bytesWithoutDates(dir.file("local/stacked.fits")) == MainJobTests.bytesWithoutDates(dir.file("out/stacked.fits")),
                "the Slurm reduction differs from the local one")
        let again = try GammaKitCLI.run(arguments + ["--overwrite"], environment: environment)
        #expect(again.status == 0 && again.stdout.contains("every observation of") && again.stdout.contains("nothing to submit"), "\(again.stdout) \(again.stderr)")
    }
}
