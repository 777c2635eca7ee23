import Foundation

/// The one way GammaKit puts a file in place (FITS, YAML, PNG, models, failure lists): written
/// under a temporary name beside it (`.NAME.partial-PID-RANDOM`), flushed to disk with fsync,
/// then renamed over the target (`overwrite`) or hard-linked to it, which refuses an existing
/// file without a race; the temporary is removed whatever happens, and the directory is
/// fsynced so that the new name survives a crash. A reader sees the old file or the complete
/// new one, never part of it.
public enum AtomicFile {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let message: String
        /// The target existed and `overwrite` was false.
        public let exists: Bool
        public var description: String { "\(path): \(message)" }
    }

    /// A fresh temporary name beside `path`.
    public static func temporaryPath(for path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        return (directory.isEmpty ? "" : directory + "/") + ".\(base).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: some Collection<UInt8>, to path: String, overwrite: Bool) throws(Failure) {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw Failure(path: path, message: "file exists (pass overwrite to replace it)", exists: true)
        }
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, message: "cannot write beside it: \(reason())", exists: false) }
        let data = Array(bytes)
        var written = 0
        while written < data.count {
            let n = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, data.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let why = reason()
                close(fd)
                unlink(temporary)
                throw Failure(path: path, message: "cannot write: \(why)", exists: false)
            }
            written += n
        }
        close(fd)
        try commit(temporary: temporary, to: path, overwrite: overwrite)
    }

    /// Moves the finished file `temporary` into place at `path` (flushed first); removes it on
    /// failure.
    public static func commit(temporary: String, to path: String, overwrite: Bool) throws(Failure) {
        defer { unlink(temporary) }  // after a rename the name is gone already; after a link it is a second name
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
        if overwrite {
            guard rename(temporary, path) == 0 else {
                throw Failure(path: path, message: "cannot move the finished file into place: \(reason())", exists: false)
            }
        } else {
            guard link(temporary, path) == 0 else {
                let exists = errno == EEXIST
                throw Failure(path: path, message: exists ? "file exists (pass overwrite to replace it)" : "cannot move the finished file into place: \(reason())",
                              exists: exists)
            }
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dirfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 { fsync(dirfd); close(dirfd) }
    }

    /// Starts writing a temporary file's dirty pages to the disk without waiting for them
    /// (Linux `sync_file_range`), for a writer that goes on appending: the fsync of `commit`
    /// then has less left to wait for. Elsewhere, and on any failure, nothing happens.
    public static func startWriteback(_ temporary: String) {
        #if os(Linux)
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = syncFileRange(fd, 0, 0, 2 /* SYNC_FILE_RANGE_WRITE */)
        close(fd)
        #endif
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}

#if os(Linux)
// <fcntl.h> declares it only under _GNU_SOURCE, which Swift's Glibc module does not define
@_silgen_name("sync_file_range")
private func syncFileRange(_ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32) -> Int32
#endif
