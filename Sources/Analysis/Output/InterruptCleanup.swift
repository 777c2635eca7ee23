import Foundation
import Synchronization

/// The paths a run must remove if it is interrupted (SIGINT, SIGTERM): staging directories of
/// outputs being written. The signal handler of the command-line tool calls `removeAll()`;
/// work that must not be cut in half (the renames that put a finished output in place) runs
/// in `critical`, which the handler waits for.
public enum InterruptCleanup {
    private static let state = Mutex<[Int: String]>([:])
    private static let nextToken = Atomic<Int>(0)
    /// Held for the whole of `critical` and `removeAll`.
    private static let gate = NSLock()

    /// Registers a path to remove on interruption; returns the token that unregisters it.
    public static func register(_ path: String) -> Int {
        let token = nextToken.add(1, ordering: .relaxed).newValue
        state.withLock { $0[token] = path }
        return token
    }

    public static func unregister(_ token: Int) {
        _ = state.withLock { $0.removeValue(forKey: token) }
    }

    /// The paths that an interruption now would remove.
    static func registered() -> [String] { state.withLock { Array($0.values) } }

    /// Runs `body` so that an interruption waits until it has finished.
    public static func critical<T>(_ body: () throws -> T) rethrows -> T {
        gate.lock()
        defer { gate.unlock() }
        return try body()
    }

    /// Removes every registered path (after any running `critical` section) and keeps the gate
    /// closed, so that no further output is put in place before the process exits.
    public static func removeAll() {
        gate.lock()
        let paths = state.withLock { paths in
            defer { paths.removeAll() }
            return Array(paths.values)
        }
        for path in paths {
            // The interrupted thread may still be creating files in it, which would make the
            // removal fail; after the rename its paths no longer lead there.
            let doomed = path + removingSuffix
            let target = rename(path, doomed) == 0 ? doomed : path
            // The interrupted thread may be removing the same tree (an old output being
            // deleted): each removal stops at files the other took, so try again.
            for _ in 0..<10 where FilePaths.exists(target) { try? FileManager.default.removeItem(atPath: target) }
        }
    }

    /// Appended to a path being removed; a later run removes what is left under that name.
    static let removingSuffix = ".removing"
}
