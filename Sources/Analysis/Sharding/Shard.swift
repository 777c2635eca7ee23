/// One of `count` deterministic parts of a reduction's selected observations (`--shard i/n`,
/// `index` from 1): the contiguous block of positions `range(of:)`, so that shards of any
/// number of observations differ in size by one at most and a rerun takes the same ones.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, (1...count).contains(index) else {
            throw ShardError("shard \(index)/\(count): i/n needs 1 ≤ i ≤ n")
        }
        self.index = index
        self.count = count
    }

    /// `i/n`, as `--shard` takes it.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw ShardError("'\(text)' is not a shard: write i/n, e.g. 2/10 for the second of ten")
        }
        try self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The positions, among `total` observations, that this shard reduces.
    public func range(of total: Int) -> Range<Int> {
        (index - 1) * total / count ..< index * total / count
    }
}

/// A sharded reduction that cannot go on: a bad `--shard`, a work directory made for another
/// configuration, partial datasets missing or unreadable. Names the path or option.
public struct ShardError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
