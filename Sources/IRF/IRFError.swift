import FITSIO

/// An error reading or using an IRF. Like `FITSError` it names the file, the HDU and, where one
/// is at fault, the column, so that a user can find the problem.
public struct IRFError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A column the IRF class needs is absent.
        case missingColumn
        /// A keyword the IRF class needs is absent or unusable.
        case invalidKeyword
        /// Column contents that do not fit the axes (shape, empty table, unsorted axis, ...).
        case invalidData
        /// HDUCLAS2/HDUCLAS4 (or the requested class) name no IRF that GammaKit reads.
        case unknownClass
        /// Coordinates or arguments that cannot be evaluated (shapes that do not broadcast, ...).
        case invalidArgument
    }

    public var kind: Kind
    public var file: String
    public var hdu: String
    public var column: String?
    public var message: String
    /// The observation (run) whose IRF this is, when it was read through a data store.
    public var obsID: Int?

    public init(_ kind: Kind, file: String, hdu: String, column: String? = nil, message: String, obsID: Int? = nil) {
        self.kind = kind
        self.file = file
        self.hdu = hdu
        self.column = column
        self.message = message
        self.obsID = obsID
    }

    /// An error about a table's contents.
    init(_ kind: Kind, _ table: FITSTable, column: String? = nil, _ message: String) {
        self.init(kind, file: table.file.path, hdu: table.name, column: column, message: message)
    }

    public var description: String {
        var location = file.isEmpty ? "(in memory)" : file
        if !hdu.isEmpty { location += ", HDU \(hdu)" }
        if let column { location += ", column \(column)" }
        if let obsID { location = "observation \(obsID): " + location }
        return "\(location): \(message)"
    }
}
