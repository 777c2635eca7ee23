import ArgumentParser
import Foundation
import GammaKit

/// `gammakit reduce CONFIG --output OUT --engine slurm`: the shards not done yet as one job
/// array, and `gammakit stack OUT` as a job after it; prints the job ids. Run again after a
/// failure, it submits only the shards with observations still to do. Errors reach the user
/// through `ReduceCommand`, which runs it.
struct SlurmSubmitRun {
    let config: String
    let analysis: AnalysisConfig
    let output: String
    let overwrite: Bool
    let plots: Bool
    let maxMemory: String?
    let spectrumFormat: ReduceCommand.SpectrumFileFormat
    let tasks: Int?
    let engine: SlurmEngine

    func run() throws {
        let workspace = ShardWorkspace(output: output)
        let warn: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
        // An output the stack could not write is refused now, not after hours in the queue.
        _ = try OutputDirectory(output, overwrite: overwrite, inputs: analysis.inputPaths + [workspace.path])
        if let previous = BatchSubmission.read(workspace) {
            let queued = try SchedulerCommand.queued([previous.arrayJob, previous.stackJob])
            if !queued.isEmpty {
                throw CLIError("jobs \(queued.joined(separator: ", ")) of the previous submission are still queued or running; wait for them (gammakit status \(output)) or scancel them first")
            }
        }
        let limit = try engine.maxTasks()  // no Slurm here: said before anything is written
        let (_, manifest) = try ShardReduction.prepare(workspace, configPath: config, config: analysis, warningHandler: warn)
        let total = manifest.items.count
        let requested = tasks ?? (total + 9) / 10
        let count = min(requested, total, limit)
        if requested > limit { warn("--tasks \(requested) is more than this cluster's MaxArraySize allows: \(count) shards") }
        let shards = try (1...count).filter { index in
            try Shard(index: index, count: count).range(of: total).contains { workspace.state(position: $0, obsID: manifest.items[$0].obsID) == .pending }
        }
        guard !shards.isEmpty else {
            print("every observation of \(workspace.path) is done: nothing to submit; `gammakit stack \(output)` writes the datasets")
            return
        }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var reduce = [executable, "reduce", manifest.config, "--output", workspace.output, "--shard", ShardedJob.taskPlaceholder,
                      "--jobs", ShardedJob.cpusPlaceholder]
        if let maxMemory { reduce += ["--max-memory", maxMemory] }
        var stack = [executable, "stack", workspace.output, "--spectrum-format", spectrumFormat.rawValue]
        if overwrite { stack.append("--overwrite") }
        if plots { stack.append("--plots") }
        let submission = try engine.submit(ShardedJob(reduceCommand: reduce, count: count, shards: shards, stackCommand: stack, workspace: workspace))
        try submission.write(into: workspace)
        print("submitted \(shards.count) shard(s) of \(count) (\(total) observations) to Slurm: array job \(submission.arrayJob), "
              + "then stack job \(submission.stackJob) (afterany)")
        print("follow with `gammakit status \(output)`; the datasets appear in \(output) when job \(submission.stackJob) ends, its log in \(workspace.logFolder)")
    }
}
