import FITSIO

/// An error from the DL3 layer: a data store, index or observation that cannot be used.
/// Like `FITSError`, it names the file, HDU and column or keyword involved.
public struct DL3Error: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The data-store directory does not exist.
        case missingDataStore
        /// `hdu-index.fits.gz` (or the named index file) is missing.
        case missingIndex
        /// An observation id that the store does not hold.
        case unknownObservation
        /// An HDU the caller requires (events, gti, an IRF) is not in the HDU index.
        case missingHDU
        /// An index row names a file that does not exist.
        case missingFile
        /// A file or HDU exists but cannot be read (wrapped FITS error).
        case unreadable
        /// Content that violates the data format (unknown HDU class, bad units, ...).
        case invalidData
    }

    public var kind: Kind
    public var message: String
    /// The FITS error underneath, when there is one.
    public var underlying: FITSError?

    public init(_ kind: Kind, _ message: String, underlying: FITSError? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }
}
