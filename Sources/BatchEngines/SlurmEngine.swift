import Analysis
import FITSIO
import Foundation

/// Slurm as a `BatchEngine`, through its own commands: the shards are one job array
/// (`sbatch --array`), the stack a job that depends on it (`--dependency=afterany:ARRAY`, so
/// it runs whatever the shards' outcome and `gammakit stack` decides). The batch scripts are
/// written into the workspace (`slurm/reduce.sh`, `slurm/stack.sh`) and each task's output
/// goes to `logs/`. The environment (GAMMAPY_DATA, PATH) is Slurm's default: the submitter's.
public struct SlurmEngine: BatchEngine {
    public var partition: String?
    /// Further `sbatch` arguments, given to both jobs (e.g. `--time=02:00:00`, `--account=X`).
    public var sbatchArguments: [String]

    public init(partition: String? = nil, sbatchArguments: [String] = []) {
        self.partition = partition
        self.sbatchArguments = sbatchArguments
    }

    /// Array indices run from 0 to MaxArraySize − 1 (`scontrol show config`; 1001 by default),
    /// and shards are numbered from 1.
    public func maxTasks() throws(BatchEngineError) -> Int {
        let config = try SchedulerCommand.check("scontrol", ["show", "config"])
        for line in config.split(separator: "\n") where line.hasPrefix("MaxArraySize") {
            if let value = line.split(separator: "=").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) { return max(1, value - 1) }
        }
        return 1000
    }

    public func submit(_ job: ShardedJob) throws(BatchEngineError) -> BatchSubmission {
        let folder = job.workspace.file("slurm")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw BatchEngineError("\(folder): cannot create the folder of the batch scripts: \(error.localizedDescription)")
        }
        let reduce = job.reduceCommand.map { word in
            switch word {
            case ShardedJob.taskPlaceholder: "\"$SLURM_ARRAY_TASK_ID/\(job.count)\""
            case ShardedJob.cpusPlaceholder: "\"${SLURM_CPUS_PER_TASK:-1}\""
            default: Self.quoted(word)
            }
        }
        let reduceScript = (folder as NSString).appendingPathComponent("reduce.sh")
        let stackScript = (folder as NSString).appendingPathComponent("stack.sh")
        try Self.writeScript("# shard $SLURM_ARRAY_TASK_ID of \(job.count) of a GammaKit reduction (gammakit reduce --engine slurm)\nexec \(reduce.joined(separator: " "))\n", to: reduceScript)
        try Self.writeScript("# the stack of a GammaKit reduction, after its shards (gammakit reduce --engine slurm)\nexec \(job.stackCommand.map(Self.quoted).joined(separator: " "))\n", to: stackScript)
        var common = ["--parsable"]
        if let partition { common.append("--partition=\(partition)") }
        common += sbatchArguments
        let logs = job.workspace.logFolder
        let array = try Self.jobID(try SchedulerCommand.check("sbatch", common + [
            "--job-name=gammakit-reduce", "--array=\(Self.ranges(job.shards))",
            "--output=\((logs as NSString).appendingPathComponent("task-%a-of-\(job.count).log"))", reduceScript,
        ]))
        let stack: String
        do {
            stack = try Self.jobID(try SchedulerCommand.check("sbatch", common + [
                "--job-name=gammakit-stack", "--dependency=afterany:\(array)",
                "--output=\((logs as NSString).appendingPathComponent("stack.log"))", stackScript,
            ]))
        } catch {
            _ = try? SchedulerCommand.run("scancel", [array])  // no array left without its stack
            throw error
        }
        return BatchSubmission(engine: "slurm", arrayJob: array, stackJob: stack, count: job.count, shards: job.shards)
    }

    /// `sbatch --parsable` prints `ID` or `ID;CLUSTER`.
    static func jobID(_ output: String) throws(BatchEngineError) -> String {
        let id = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else { throw BatchEngineError("sbatch printed no job id: '\(output)'") }
        return id
    }

    /// `1-3,5,7-9` for sorted indices.
    static func ranges(_ indices: [Int]) -> String {
        var parts: [String] = []
        var k = 0
        let sorted = indices.sorted()
        while k < sorted.count {
            var end = k
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == k ? "\(sorted[k])" : "\(sorted[k])-\(sorted[end])")
            k = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// A word for sh, in single quotes.
    static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func writeScript(_ body: String, to path: String) throws(BatchEngineError) {
        do {
            try AtomicFile.write(Array(("#!/bin/sh\n" + body).utf8), to: path, overwrite: true)
        } catch {
            throw BatchEngineError("\(path): \(error.message)")
        }
        chmod(path, 0o755)
    }
}
