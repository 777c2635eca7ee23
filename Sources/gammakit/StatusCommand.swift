import ArgumentParser
import Foundation
import GammaKit

/// `gammakit status OUT`: what a sharded reduction has done, from its manifest, partial
/// datasets and the shards' status files alone (no scheduler accounting needed).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Tell what a sharded reduction has done: observations done, skipped, failed and waiting; shards done, running and failed.",
        discussion: "Reads OUTPUT.shards, written by `gammakit reduce CONFIG --output OUTPUT --shard i/n` or `--engine slurm`. Exit status 0 when every observation is done (then `gammakit stack OUTPUT`), 3 when some failed, 2 while some are still to do."
    )

    @Argument(help: "The output directory given to `gammakit reduce`.")
    var output: String

    func run() throws {
        let stacking = ShardStacking(output: output)
        let workspace = stacking.workspace
        let manifest: ShardManifest
        do { manifest = try stacking.manifest() } catch { throw CLIError(error) }
        let missing = stacking.missing(manifest)
        var done = 0, skipped = 0
        for (position, item) in manifest.items.enumerated() {
            switch workspace.state(position: position, obsID: item.obsID) {
            case .done: done += 1
            case .skipped: skipped += 1
            case .pending: break
            }
        }
        let failed = missing.filter(\.failed)
        let statuses = TaskStatus.all(in: workspace)
        let submission = BatchSubmission.read(workspace)
        print("\(workspace.path): \(manifest.items.count) observation(s) of \(manifest.config)")
        print("  \(done) done, \(skipped) skipped, \(failed.count) failed, \(missing.count - failed.count) to do")
        if let submission { print("  submitted to \(submission.engine): array job \(submission.arrayJob) (shards \(submission.shards.map(String.init).joined(separator: ",")) of \(submission.count)), stack job \(submission.stackJob)") }
        if !statuses.isEmpty {
            var table = TextTable([("SHARD", "", .left), ("STATE", "", .left), ("JOB", "", .left), ("HOST", "", .left),
                                   ("OBS", "", .right), ("REDUCED", "", .right), ("SKIPPED", "", .right), ("FAILED", "", .right), ("FINISHED", "", .left)])
            for status in statuses {
                let state = status.isLost ? "lost" : status.state.rawValue
                table.append([status.shard.description, state, status.job ?? "–", status.host, String(status.observations), String(status.reduced + status.alreadyDone),
                              String(status.skipped), String(status.failures.count), status.finished ?? "–"])
            }
            print(table.rendered)
        }
        if let count = submission?.count ?? statuses.first?.shard.count {
            let seen = Set(statuses.filter { $0.shard.count == count }.map(\.shard.index))
            let waiting = (1...max(1, count)).filter { !seen.contains($0) }.map { "\($0)/\(count)" }
            if !waiting.isEmpty { print("  not started: shard(s) \(waiting.joined(separator: ", "))") }
        }
        for shard in statuses where shard.error != nil { print("  shard \(shard.shard) stopped: \(shard.error!)") }
        for entry in failed { print("  observation \(entry.obsID) \(entry.reason)") }
        if missing.isEmpty {
            let stacked = FileManager.default.fileExists(atPath: (workspace.output as NSString).appendingPathComponent("datasets.yaml"))
            print(stacked ? "complete, and stacked: \(output) holds the datasets" : "complete: `gammakit stack \(output)` writes the datasets")
        } else if failed.isEmpty {
            throw ExitCode(2)
        } else {
            print("rerun the failed shards (gammakit reduce ... --shard i/n, or --engine slurm again) to retry them")
            throw ExitCode(3)
        }
    }
}
