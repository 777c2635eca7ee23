/// An error reading or writing a FITS file. It always names the file and, where known,
/// the HDU and the keyword or column, so that a user can find the problem.
public struct FITSError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The file does not exist or cannot be read.
        case cannotOpen
        /// The bytes are not a FITS file (or not a gzip stream of one).
        case notFITS
        /// The file ends before the data it announces (truncated download, partial copy).
        case truncated
        /// No HDU with the requested name or index.
        case missingHDU
        /// A keyword that the reader needs is absent.
        case missingKeyword
        /// A keyword is present but its value has the wrong type or is invalid.
        case invalidKeyword
        /// A column that the reader needs is absent.
        case missingColumn
        /// The column or image exists but its type or shape cannot be read as asked.
        case invalidColumn
        /// The output exists and overwriting was not requested.
        case exists
        /// cfitsio reported an error, with its status code.
        case cfitsio(Int32)
        /// Anything else (I/O, memory).
        case other
    }

    public var kind: Kind
    public var file: String
    public var hdu: String?
    public var key: String?
    public var column: String?
    public var message: String

    public init(_ kind: Kind, file: String, hdu: String? = nil, key: String? = nil,
                column: String? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.hdu = hdu
        self.key = key
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let hdu { location += ", HDU \(hdu)" }
        if let key { location += ", keyword \(key)" }
        if let column { location += ", column \(column)" }
        return "\(location): \(message)"
    }
}
