import Analysis
import FITSIO
import Foundation
import Yams

/// `OUT.shards/submission.yaml`: the last submission to a scheduler, for `gammakit status`.
extension BatchSubmission {
    public static func path(_ workspace: ShardWorkspace) -> String { workspace.file("submission.yaml") }

    public func write(into workspace: ShardWorkspace) throws(BatchEngineError) {
        let text = "engine: \(engine)\narray_job: '\(arrayJob)'\nstack_job: '\(stackJob)'\ntasks: \(count)\nshards: [\(shards.map(String.init).joined(separator: ", "))]\n"
        do {
            try AtomicFile.write(Array(text.utf8), to: Self.path(workspace), overwrite: true)
        } catch {
            throw BatchEngineError("\(Self.path(workspace)): \(error.message)")
        }
    }

    /// The last submission, or nil when the shards were run by hand.
    public static func read(_ workspace: ShardWorkspace) -> BatchSubmission? {
        guard let text = try? String(contentsOfFile: path(workspace), encoding: .utf8),
              let root = (try? Yams.load(yaml: text)) as? [String: Any],
              let array = root["array_job"].map({ "\($0)" }), let stack = root["stack_job"].map({ "\($0)" }), let count = root["tasks"] as? Int else { return nil }
        return BatchSubmission(engine: root["engine"].map { "\($0)" } ?? "slurm", arrayJob: array, stackJob: stack, count: count,
                               shards: root["shards"] as? [Int] ?? Array(1...max(1, count)))
    }
}
