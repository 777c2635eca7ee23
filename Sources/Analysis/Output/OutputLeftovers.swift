import Foundation

/// What an interrupted run leaves beside its output `OUT`: the staging directory
/// `OUT.partial-PID-RAND` being written and, while a previous output is being replaced,
/// `OUT.old-PID-RAND`. A later run removes those of processes that no longer exist; an `.old`
/// one whose `OUT` is missing (killed between the two renames) is the previous output and is
/// put back instead. Either may carry `InterruptCleanup.removingSuffix` if its removal on an
/// interruption was cut short.
enum OutputLeftovers {
    enum Kind: String { case partial, old }

    struct Leftover {
        var path: String
        var kind: Kind
        var pid: Int32
    }

    /// Leftovers of `output` (absolute) in its parent folder.
    static func find(beside output: String) -> [Leftover] {
        let parent = (output as NSString).deletingLastPathComponent
        let base = (output as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return [] }
        return names.sorted().compactMap { name in
            for kind in [Kind.partial, .old] {
                let prefix = base + "." + kind.rawValue + "-"
                guard name.hasPrefix(prefix) else { continue }
                var rest = Substring(name.dropFirst(prefix.count))
                if rest.hasSuffix(InterruptCleanup.removingSuffix) { rest = rest.dropLast(InterruptCleanup.removingSuffix.count) }
                let parts = rest.split(separator: "-")
                guard parts.count == 2, let pid = Int32(parts[0]), UInt32(parts[1]) != nil else { continue }
                return Leftover(path: (parent as NSString).appendingPathComponent(name), kind: kind, pid: pid)
            }
            return nil
        }
    }

    static func isRunning(_ pid: Int32) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }

    /// Cleans up after dead processes; returns what was done, for the user.
    static func clean(beside output: String) -> [String] {
        var notes: [String] = []
        for leftover in find(beside: output) where !isRunning(leftover.pid) {
            if leftover.kind == .old && !FilePaths.exists(output) && rename(leftover.path, output) == 0 {
                notes.append("restored the previous output \(output) from \(leftover.path), left by interrupted process \(leftover.pid)")
            } else if (try? FileManager.default.removeItem(atPath: leftover.path)) != nil {
                notes.append("removed \(leftover.path), left by interrupted process \(leftover.pid)")
            }
        }
        return notes
    }
}
