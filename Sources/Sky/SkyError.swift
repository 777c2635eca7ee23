/// An error from the Sky module. It names the parameter, keyword or value that failed
/// (`subject`, e.g. `"TIMESYS"`, `"CTYPE1"`, `"latitude"`) so that a user can find the problem.
public struct SkyError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A value is out of its valid range or not a number where one is needed.
        case invalidValue
        /// A string (angle, date, frame name) cannot be parsed.
        case cannotParse
        /// TIMESYS or TIMEUNIT is one that GammaKit does not handle (only TT, UTC, TAI and seconds).
        case unsupportedTimeSystem
        /// ERFA rejected a date (its negative status code).
        case erfa(Int32)
        /// The WCS projection code (the last three letters of CTYPE) is not one wcslib knows.
        case unknownProjection
        /// wcslib rejected the WCS parameters (its status code).
        case wcslib(Int32)
    }

    public var kind: Kind
    /// The keyword, parameter or value the error is about.
    public var subject: String
    public var message: String

    public init(_ kind: Kind, subject: String, message: String) {
        self.kind = kind
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(subject): \(message)" }
}
