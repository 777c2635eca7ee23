import Dispatch

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
