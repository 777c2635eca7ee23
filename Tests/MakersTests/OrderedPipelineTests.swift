import Foundation
import Testing
@testable import Makers

/// `OrderedPipeline`: results in index order, and no more than `inFlight` jobs started but not
/// yet consumed (the consuming thread takes the place of the next job).
struct OrderedPipelineTests {
    final class Started: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() { lock.lock(); value += 1; lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return value }
    }

    @Test(arguments: [1, 2, 3])
    func resultsInOrderWithBoundedJobs(inFlight: Int) throws {
        let started = Started()
        let pipeline = OrderedPipeline<Int>(count: 7, inFlight: inFlight)
        pipeline.start { i in
            started.increment()
            Thread.sleep(forTimeInterval: Double(7 - i) * 0.001)  // later jobs finish first
            return i * i
        }
        var results: [Int] = []
        for i in 0..<7 {
            results.append(try pipeline.result(i))
            // while result i is used: jobs 0..<i are consumed and at most inFlight − 1 others
            // started (the old pipeline had inFlight others here); inFlight 1 keeps one running
            #expect(started.count <= i + inFlight + (inFlight == 1 ? 1 : 0))
            pipeline.consumed(i)
        }
        #expect(results == [0, 1, 4, 9, 16, 25, 36])
        #expect(started.count == 7)
    }
}
