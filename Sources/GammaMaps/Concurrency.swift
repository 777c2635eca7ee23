import Dispatch
import Foundation
import Synchronization

/// The first error thrown inside a concurrent loop.
public final class ErrorBox: @unchecked Sendable {
    public init() {}
    private let lock = NSLock()
    private var stored: Error?

    public var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    public func set(_ error: Error) {
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }
}

/// A value written once by one task of a concurrent batch and read after the batch.
public final class ResultSlot<Value>: @unchecked Sendable {
    public init() {}
    private let lock = NSLock()
    private var stored: Value?

    public var value: Value? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    public func set(_ value: Value) {
        lock.lock()
        stored = value
        lock.unlock()
    }
}

/// Runs independent tasks on the shared concurrent pool (on the calling thread and idle
/// workers: inside an already parallel loop over observations it does not add threads) and
/// rethrows the first error.
public func runConcurrently(_ tasks: [@Sendable () throws -> Void]) throws {
    if tasks.count == 1 { try tasks[0](); return }
    let failure = ErrorBox()
    DispatchQueue.concurrentPerform(iterations: tasks.count) { i in
        do { try tasks[i]() } catch { failure.set(error) }
    }
    if let error = failure.error { throw error }
}

/// Calls `body` for every index in `0..<count`, on at most `workers` threads at once, each
/// index once; returns when all are done.
public func concurrentForEach(count: Int, workers: Int, _ body: @Sendable (Int) -> Void) {
    let threads = Swift.max(1, Swift.min(workers, count))
    if threads == 1 { (0..<count).forEach(body); return }
    let next = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
        while true {
            let i = next.withLock { value -> Int in defer { value += 1 }; return value }
            guard i < count else { return }
            body(i)
        }
    }
}

extension Array where Element: Sendable {
    /// `map` run on all cores (order kept). For independent per-observation work: loading
    /// runs, reducing them; each element's work must not touch the others'.
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let count = self.count
        guard count > 1 else { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let output = results
        self.withUnsafeBufferPointer { input in
            nonisolated(unsafe) let input = input
            // Each index is written by exactly one iteration: no two threads share a slot.
            DispatchQueue.concurrentPerform(iterations: count) { i in output[i] = transform(input[i]) }
        }
        return results.map { $0! }
    }
}

/// A value handed to one task of a concurrent batch and mutated there in place: moving a large
/// array into a box (and out of everything else) keeps it uniquely referenced, so the task's
/// mutations do not copy it.
public final class Boxed<Value>: @unchecked Sendable {
    public var value: Value

    public init(_ value: Value) { self.value = value }
}
