import Foundation
import Testing
import TestSupport
@testable import Analysis
@testable import BatchEngines

/// Shards partition the selected observations into contiguous blocks whose sizes differ by one
/// at most; the workspace, manifest and status files read back what was written; the Slurm
/// engine's array specification and quoting.
struct ShardTests {
    @Test(arguments: [(1, 1), (20, 3), (105, 10), (7, 7), (3, 5), (6000, 1000)])
    func shardsPartitionTheObservations(_ total: Int, _ count: Int) throws {
        let ranges = try (1...count).map { try Shard(index: $0, count: count).range(of: total) }
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == total)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        let sizes = ranges.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1, "\(sizes)")
    }

    @Test func shardsAreParsedAsIOfN() throws {
        #expect(try Shard(parsing: "2/3") == Shard(index: 2, count: 3))
        #expect(try Shard(parsing: "2/3").range(of: 20) == 6..<13)
        for bad in ["0/3", "4/3", "3", "1/0", "a/2", "1/2/3", ""] {
            #expect(throws: ShardError.self, "\(bad)") { try Shard(parsing: bad) }
        }
    }

    @Test func manifestAndStatusReadBackWhatWasWritten() throws {
        let dir = TemporaryDirectory()
        let workspace = ShardWorkspace(output: dir.file("out"))
        #expect(workspace.path == dir.file("out") + ".shards")
        try workspace.create()
        try "config".write(toFile: dir.file("c.yaml"), atomically: true, encoding: .utf8)
        let manifest = ShardManifest(config: dir.file("c.yaml"), configMD5: try ShardManifest.md5(of: dir.file("c.yaml")),
                                     items: [.init(obsID: 23523, interval: 1), .init(obsID: 23592, interval: 2)])
        try manifest.writeOrCheck(workspace)
        #expect(try ShardManifest.read(from: workspace.manifestPath) == manifest)
        try manifest.writeOrCheck(workspace)  // the same: accepted
        var other = manifest
        other.items.removeLast()
        #expect(throws: ShardError.self) { try other.writeOrCheck(workspace) }

        var status = TaskStatus.starting(try Shard(index: 2, count: 3), observations: 7)
        status.reduced = 5
        status.failures = [.init(obsID: 33795, error: "observation 33795: cannot read 'x.fits.gz': truncated")]
        status.state = .failed
        try status.write(to: workspace.statusPath(try Shard(index: 2, count: 3)))
        let read = try TaskStatus.read(from: workspace.statusPath(try Shard(index: 2, count: 3)))
        #expect(read == status)
        #expect(TaskStatus.all(in: workspace) == [status])
        #expect(!read.isLost)

        #expect(workspace.state(position: 0, obsID: 23523) == .pending)
        try workspace.markSkipped(position: 1, obsID: 23592, reason: "the ON region is outside its field of view", offset: 2.75)
        #expect(workspace.state(position: 1, obsID: 23592) == .skipped("the ON region is outside its field of view"))
        #expect(workspace.skippedOffset(position: 1, obsID: 23592) == 2.75)
    }

    @Test func slurmArraysAndScripts() throws {
        #expect(SlurmEngine.ranges([1, 2, 3, 5, 7, 8, 9]) == "1-3,5,7-9")
        #expect(SlurmEngine.ranges([4]) == "4")
        #expect(SlurmEngine.quoted("it's here") == "'it'\\''s here'")
        #expect(try SlurmEngine.jobID("1234\n") == "1234")
        #expect(try SlurmEngine.jobID("1234;cluster\n") == "1234")
        #expect(throws: BatchEngineError.self) { try SlurmEngine.jobID("sbatch: error: invalid partition\n") }
    }
}
