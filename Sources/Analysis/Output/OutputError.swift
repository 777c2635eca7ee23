import Foundation

/// A problem with where a run writes its output: the path, and what is wrong with it.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }

    /// The operating system's words for `errno` ("Read-only file system").
    static func systemReason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// What went wrong in a file operation, without Foundation's NSError wrapping.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return "\(error)" }
        if ns.domain == NSPOSIXErrorDomain { return systemReason(Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return systemReason(Int32(underlying.code))
        }
        return ns.localizedDescription
    }
}
