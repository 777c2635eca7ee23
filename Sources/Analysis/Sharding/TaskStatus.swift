import Datasets
import FITSIO
import Foundation
import Yams

/// `OUT.shards/status/task-I-of-N.yaml`: what one shard is doing or did, written when it
/// starts and when it ends (atomically), so that `gammakit status` can tell what is done,
/// running and failed without any scheduler's accounting database. A shard killed while
/// running leaves `state: running` with a process that no longer exists: `isLost`.
public struct TaskStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case running, done, failed
    }

    public struct Failure: Sendable, Equatable {
        public var obsID: Int
        public var error: String
    }

    public var shard: Shard
    public var state: State
    public var host: String
    public var pid: Int32
    /// The scheduler's id of the task (Slurm: `JOBID_TASK`), when there is one.
    public var job: String?
    public var started: String
    public var finished: String?
    /// Observations of the shard, those reduced and left out by this run, and those found
    /// done by an earlier run.
    public var observations: Int
    public var reduced = 0
    public var skipped = 0
    public var alreadyDone = 0
    public var failures: [Failure] = []
    /// What stopped the shard before its end (its output could not be written, say).
    public var error: String?

    /// A running status of this process.
    static func starting(_ shard: Shard, observations: Int) -> TaskStatus {
        let env = ProcessInfo.processInfo.environment
        let job = env["SLURM_ARRAY_JOB_ID"].map { "\($0)_\(env["SLURM_ARRAY_TASK_ID"] ?? "")" } ?? env["SLURM_JOB_ID"]
        return TaskStatus(shard: shard, state: .running, host: ProcessInfo.processInfo.hostName, pid: getpid(),
                          job: job, started: Self.now(), observations: observations)
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    /// Running, but its process is gone from this host (killed, or its node lost).
    public var isLost: Bool {
        guard state == .running, host == ProcessInfo.processInfo.hostName else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    var text: String {
        var text = "shard: \(shard)\nstate: \(state.rawValue)\nhost: \(YAMLScalar.render(host))\npid: \(pid)\n"
        if let job { text += "job: \(YAMLScalar.render(job))\n" }
        text += "started: \(YAMLScalar.render(started))\n"
        if let finished { text += "finished: \(YAMLScalar.render(finished))\n" }
        if let error { text += "error: \(YAMLScalar.render(error))\n" }
        text += "observations: \(observations)\nreduced: \(reduced)\nskipped: \(skipped)\nalready_done: \(alreadyDone)\n"
        if failures.isEmpty { return text + "failed: []\n" }
        text += "failed:\n"
        for failure in failures { text += "-   obs_id: \(failure.obsID)\n    error: \(YAMLScalar.render(failure.error))\n" }
        return text
    }

    func write(to path: String) throws {
        do {
            try AtomicFile.write(Array(text.utf8), to: path, overwrite: true)
        } catch {
            throw ShardError("\(path): cannot write the shard's status: \(error.message)")
        }
    }

    public static func read(from path: String) throws -> TaskStatus {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let root = (try? Yams.load(yaml: text)) as? [String: Any],
              let shard = root["shard"].flatMap({ try? Shard(parsing: "\($0)") }), let state = (root["state"] as? String).flatMap(State.init(rawValue:)) else {
            throw ShardError("\(path): not a shard status file (it needs shard, as i/n, and state)")
        }
        var status = TaskStatus(shard: shard, state: state, host: root["host"].map { "\($0)" } ?? "", pid: Int32(root["pid"] as? Int ?? 0),
                                job: root["job"].map { "\($0)" }, started: root["started"].map { "\($0)" } ?? "",
                                finished: root["finished"].map { "\($0)" }, observations: root["observations"] as? Int ?? 0)
        status.error = root["error"].map { "\($0)" }
        status.reduced = root["reduced"] as? Int ?? 0
        status.skipped = root["skipped"] as? Int ?? 0
        status.alreadyDone = root["already_done"] as? Int ?? 0
        status.failures = (root["failed"] as? [[String: Any]] ?? []).compactMap { entry in
            (entry["obs_id"] as? Int).map { Failure(obsID: $0, error: entry["error"].map { "\($0)" } ?? "") }
        }
        return status
    }

    /// Every status file of `workspace`, by shard.
    public static func all(in workspace: ShardWorkspace) -> [TaskStatus] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workspace.statusFolder)) ?? []
        return names.filter { $0.hasPrefix("task-") && $0.hasSuffix(".yaml") }.compactMap {
            try? read(from: (workspace.statusFolder as NSString).appendingPathComponent($0))
        }.sorted { ($0.shard.count, $0.shard.index) < ($1.shard.count, $1.shard.index) }
    }
}
