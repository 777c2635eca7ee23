/// What an HDU holds.
public enum FITSHDUKind: Sendable, Equatable {
    case image
    case binaryTable
    case asciiTable
}

/// One header-data unit of a file: where it is, what it is called, and its header.
public struct FITSHDU: Sendable {
    /// Zero-based position in the file (0 is the primary HDU).
    public var index: Int
    /// EXTNAME, or "PRIMARY" for the primary HDU without one.
    public var name: String
    /// EXTVER (1 when absent).
    public var version: Int
    public var kind: FITSHDUKind
    public var header: FITSHeader

    /// Image dimensions in FITS order (NAXIS1 first); empty when there is no data.
    public var imageShape: [Int] {
        let n = header.int("NAXIS") ?? 0
        return (0..<n).map { header.int("NAXIS\($0 + 1)") ?? 0 }
    }
}
