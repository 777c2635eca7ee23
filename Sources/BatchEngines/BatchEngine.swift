import Analysis

/// A scheduler that runs a sharded reduction on a cluster: its shards as tasks, then the
/// stack once they have all ended (Slurm's job arrays today; Ray or Kubernetes fit the same
/// shape). The tasks are `gammakit reduce ... --shard i/n` and `gammakit stack`, so what a
/// scheduler adds is only how they are started: the results are those of running them by hand.
public protocol BatchEngine {
    /// Submits `job`; returns what was submitted, for the user and for `gammakit status`.
    func submit(_ job: ShardedJob) throws(BatchEngineError) -> BatchSubmission
    /// The most tasks one submission may hold (Slurm: MaxArraySize − 1).
    func maxTasks() throws(BatchEngineError) -> Int
}

/// The commands of a sharded reduction, as a scheduler runs them.
public struct ShardedJob: Sendable {
    /// The command of each shard, with `taskPlaceholder` and `cpusPlaceholder` as arguments.
    public var reduceCommand: [String]
    public var count: Int
    /// The shards to run (1-based); all of them, or those not done on a resubmission.
    public var shards: [Int]
    /// Runs after every shard has ended, whatever their outcome (it decides itself).
    public var stackCommand: [String]
    public var workspace: ShardWorkspace

    public init(reduceCommand: [String], count: Int, shards: [Int], stackCommand: [String], workspace: ShardWorkspace) {
        self.reduceCommand = reduceCommand
        self.count = count
        self.shards = shards
        self.stackCommand = stackCommand
        self.workspace = workspace
    }

    /// Replaced by the shard, `i/count`.
    public static let taskPlaceholder = "{TASK}"
    /// Replaced by the number of cores the scheduler gave the task.
    public static let cpusPlaceholder = "{CPUS}"
}

/// What a scheduler accepted: its ids of the shards' job and of the stack's.
public struct BatchSubmission: Sendable, Equatable {
    public var engine: String
    public var arrayJob: String
    public var stackJob: String
    public var count: Int
    public var shards: [Int]
}

/// A scheduler could not be used or refused a job: what was run and what it said.
public struct BatchEngineError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
