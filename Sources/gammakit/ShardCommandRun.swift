import ArgumentParser
import Foundation
import GammaKit

/// `gammakit reduce CONFIG --output OUT --shard i/n`: one shard's partial datasets, its table
/// of observations, and exit status 3 when some of them failed (a rerun retries those).
struct ShardCommandRun {
    let config: String
    let analysis: AnalysisConfig
    let output: String
    let jobs: Int
    let maxMemory: String?
    let quiet: Bool

    func run(_ shard: Shard) throws {
        let start = Date()
        let warn: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
        let progress = ReductionProgress(quiet: quiet)
        let reduction = ShardReduction(output: output, shard: shard)
        let status = try reduction.run(configPath: config, config: analysis, memoryLimit: maxMemory.flatMap(MachineMemory.parse), jobs: jobs,
                                       onObservation: progress.record, warningHandler: warn)
        if !quiet && status.alreadyDone < status.observations { print(progress.table + "\n") }
        print("shard \(shard): \(status.observations) observation(s): \(status.reduced) reduced, \(status.skipped) skipped, "
              + "\(status.alreadyDone) done before, \(status.failures.count) failed; partial datasets in \(reduction.workspace.partialFolder) "
              + "(\(String(format: "%.2f", Date().timeIntervalSince(start))) s)")
        if !status.failures.isEmpty {
            FileHandle.standardError.write(Data("error: \(status.failures.count) observation(s) failed (\(status.failures.map { String($0.obsID) }.joined(separator: ", "))); run the shard again to retry them\n".utf8))
            throw ExitCode(3)
        }
    }
}
