import Foundation

/// The directory a run writes, checked before any work is done. It appears complete or not
/// at all: it is written beside its place (`OUT.partial-PID-RAND`, removed if the run fails or
/// is interrupted) and renamed into it. `overwrite` replaces only a previous GammaKit output
/// (a directory with `datasets.yaml`) that holds none of the run's inputs, and never `/`,
/// the home directory, the current directory or one that contains it.
public struct OutputDirectory: Sendable {
    /// Absolute, without `.` and `..`.
    public let path: String
    public let overwrite: Bool
    /// What was done about leftovers of earlier, interrupted runs (for the user).
    public let notes: [String]
    private let inputs: [String]

    /// - Parameter inputs: files and directories the run reads (data store, configuration,
    ///   exclusion mask): an output that is or contains one of them is never replaced.
    public init(_ given: String, overwrite: Bool, inputs: [String] = []) throws {
        guard !given.isEmpty else { throw OutputError(path: "''", "the output directory is an empty path") }
        path = FilePaths.absolute(given)
        self.overwrite = overwrite
        self.inputs = inputs.map(FilePaths.resolved)
        try Self.refuseProtected(path, given: given)
        let parent = (path as NSString).deletingLastPathComponent
        try Self.makeFolders(parent)
        guard access(parent, W_OK) == 0 else {
            throw OutputError(path: given, "cannot write in \(parent): \(OutputError.systemReason())")
        }
        notes = OutputLeftovers.clean(beside: path)
        if FilePaths.exists(path) { try checkReplaceable(given) }
    }

    /// Writes the output: `body` fills the staging directory it is given (which it creates),
    /// which then takes the output's place.
    public func write(_ body: (_ staging: String) throws -> Void) throws {
        let suffix = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = path + ".partial-" + suffix
        // Registered and made in one critical section: once an interruption is being handled
        // the folder is never made, so it cannot appear after the handler's clean-up.
        let token = try InterruptCleanup.critical {
            let token = InterruptCleanup.register(staging)
            guard mkdir(staging, 0o777) == 0 else {
                InterruptCleanup.unregister(token)
                throw OutputError(path: path, "cannot create the output's staging directory \(staging): \(OutputError.systemReason())")
            }
            return token
        }
        defer { InterruptCleanup.unregister(token) }
        do {
            try body(staging)
        } catch {
            var message = "writing the output failed, nothing was written: \(OutputError.reason(error))"
            if let full = Self.fullFileSystemNote(for: path) { message += " (\(full))" }
            try? FileManager.default.removeItem(atPath: staging)
            throw OutputError(path: path, message)
        }
        let old = path + ".old-" + suffix
        let replaced: Bool = try InterruptCleanup.critical {
            var replaced = false
            if FilePaths.exists(path) {
                do {
                    try checkReplaceable(path)
                } catch {
                    try? FileManager.default.removeItem(atPath: staging)
                    throw error
                }
                try move(path, to: old, removingOnFailure: staging)
                replaced = true
            }
            do {
                try move(staging, to: path, removingOnFailure: staging)
            } catch {
                if replaced { rename(old, path) }
                throw error
            }
            return replaced
        }
        if replaced {
            let oldToken = InterruptCleanup.register(old)
            try? FileManager.default.removeItem(atPath: old)
            InterruptCleanup.unregister(oldToken)
        }
    }

    private func move(_ source: String, to destination: String, removingOnFailure staging: String) throws {
        guard rename(source, destination) == 0 else {
            let reason = OutputError.systemReason()
            try? FileManager.default.removeItem(atPath: staging)
            throw OutputError(path: source, "cannot move to \(destination): \(reason); nothing was written")
        }
    }

    /// An existing output may be replaced only with `overwrite`, when it is a directory
    /// GammaKit wrote (it has `datasets.yaml`) and holds no input of the run.
    private func checkReplaceable(_ given: String) throws {
        guard overwrite else { throw OutputError(path: given, "the output directory exists (pass --overwrite to replace it)") }
        guard FilePaths.isDirectory(path) else {
            throw OutputError(path: given, "exists and is not a directory; --overwrite replaces only a previous GammaKit output directory")
        }
        let resolved = FilePaths.resolved(path)
        if let input = inputs.first(where: { FilePaths.isInside($0, resolved) }) {
            throw OutputError(path: given, "refusing to replace it: it holds \(input), an input of this run; choose another output directory")
        }
        guard FilePaths.exists((path as NSString).appendingPathComponent("datasets.yaml")) else {
            throw OutputError(path: given, "refusing to replace it: it is not a previous GammaKit output (it has no datasets.yaml); choose another output directory or remove it yourself")
        }
    }

    /// `/`, the home directory, the current directory and its ancestors are never outputs.
    private static func refuseProtected(_ path: String, given: String) throws {
        let resolved = FilePaths.resolved(path)
        let current = FilePaths.resolved(FileManager.default.currentDirectoryPath)
        let home = ProcessInfo.processInfo.environment["HOME"].map(FilePaths.resolved)
        let what: String?
        if resolved == "/" {
            what = "the root directory"
        } else if resolved == home {
            what = "your home directory"
        } else if resolved == current {
            what = "the current directory"
        } else if FilePaths.isInside(current, resolved) {
            what = "a directory that contains the current directory"
        } else {
            what = nil
        }
        if let what { throw OutputError(path: given, "is \(what); the output must be a directory of its own, e.g. \(Self.example(given))") }
    }

    /// Why writes fail when the file system is full; cfitsio only says "error writing".
    private static func fullFileSystemNote(for path: String) -> String? {
        var info = statvfs()
        guard statvfs((path as NSString).deletingLastPathComponent, &info) == 0 else { return nil }
        let free = Double(info.f_bavail) * Double(info.f_frsize)
        return free < 1_048_576 ? "the file system is full: \(OutputError.systemReason(ENOSPC))" : nil
    }

    private static func example(_ given: String) -> String {
        var folder = given
        while folder.hasSuffix("/") { folder.removeLast() }
        return folder.isEmpty ? "/datasets-out" : folder + "/datasets-out"
    }

    /// `mkdir -p`, with the folder that could not be made named.
    private static func makeFolders(_ folder: String) throws {
        var current = ""
        for part in folder.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o777) != 0 && errno != EEXIST {
                throw OutputError(path: current, "cannot create the output's folder: \(OutputError.systemReason())")
            }
            if !FilePaths.isDirectory(current) {
                throw OutputError(path: current, "is not a directory, so the output cannot be written below it")
            }
        }
    }
}
