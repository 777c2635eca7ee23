import CFITSIO

/// The one place where cfitsio status codes become Swift errors.
struct CFITSIOStatus {
    /// Human-readable text for a cfitsio status code.
    static func text(_ status: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 32)
        ffgerr(status, &buffer)
        return decodeCString(buffer)
    }

    /// Maps a non-zero status to a typed error; cfitsio's codes for files that end early or
    /// do not start like FITS get their own kinds.
    static func error(_ status: Int32, file: String, hdu: String? = nil, key: String? = nil,
                      column: String? = nil, doing action: String) -> FITSError {
        let kind: FITSError.Kind
        switch status {
        case 107, 108:  // END_OF_FILE, READ_ERROR: the data stop before the header says they do
            kind = .truncated
        case 151, 252, 253:  // BAD_FILEPTR?, UNKNOWN_REC, NO_END: not FITS at all
            kind = .notFITS
        case 202:  // KEY_NO_EXIST
            kind = .missingKeyword
        case 219:  // COL_NOT_FOUND
            kind = .missingColumn
        case 301:  // BAD_HDU_NUM
            kind = .missingHDU
        default:
            kind = .cfitsio(status)
        }
        return FITSError(kind, file: file, hdu: hdu, key: key, column: column,
                         message: "\(action) failed: \(text(status)) (cfitsio status \(status))")
    }

    /// Runs a cfitsio call and throws when it sets a status.
    @inline(__always)
    static func check(file: String, hdu: String? = nil, key: String? = nil, column: String? = nil,
                      doing action: @autoclosure () -> String,
                      _ body: (inout Int32) -> Void) throws {
        var status: Int32 = 0
        body(&status)
        if status != 0 {
            throw error(status, file: file, hdu: hdu, key: key, column: column, doing: action())
        }
    }
}
