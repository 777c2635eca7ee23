import Dispatch
import Foundation

/// The first error thrown inside a concurrent loop.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?

    var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func set(_ error: Error) {
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }
}

/// A value written once by one task of a concurrent batch and read after the batch.
final class ResultSlot<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func set(_ value: Value) {
        lock.lock()
        stored = value
        lock.unlock()
    }
}

/// Runs independent tasks on the shared concurrent pool (on the calling thread and idle
/// workers: inside an already parallel loop over observations it does not add threads) and
/// rethrows the first error.
func runConcurrently(_ tasks: [@Sendable () throws -> Void]) throws {
    if tasks.count == 1 { try tasks[0](); return }
    let failure = ErrorBox()
    DispatchQueue.concurrentPerform(iterations: tasks.count) { i in
        do { try tasks[i]() } catch { failure.set(error) }
    }
    if let error = failure.error { throw error }
}
