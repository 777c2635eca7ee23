import CFITSIO
import Foundation

/// Writes a FITS file HDU by HDU. Output goes to a temporary file beside the target and is put
/// in place only by `commit()` (`AtomicFile`), so a failure never leaves a half-written file;
/// an existing file is replaced only when `overwrite` is true.
public final class FITSWriter {
    public let path: String
    /// The file is for GammaKit to read back bit for bit (a shard's partial datasets), not for
    /// Gammapy's layout to the letter: writers of values that Gammapy's layout rounds (time
    /// references, regions in pixel coordinates) add what reading needs to restore them exactly.
    package var lossless = false
    private let temporaryPath: String
    private var handle: UnsafeMutablePointer<fitsfile>?
    /// HDUs written so far (the first one is the primary HDU).
    public private(set) var hduCount = 0
    private let overwrite: Bool

    public init(path: String, overwrite: Bool = false) throws {
        self.path = path
        self.overwrite = overwrite
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw FITSError(.exists, file: path, message: "file exists (pass overwrite to replace it)")
        }
        temporaryPath = AtomicFile.temporaryPath(for: path)
        var fptr: UnsafeMutablePointer<fitsfile>?
        // A leading '!' would tell cfitsio to clobber; the temporary name is fresh anyway.
        try CFITSIOStatus.check(file: path, doing: "creating the file") { ffinit(&fptr, temporaryPath, &$0) }
        handle = fptr
    }

    deinit {
        if let handle {
            var status: Int32 = 0
            ffclos(handle, &status)
            unlink(temporaryPath)
        }
    }

    /// Appends an image HDU (the primary HDU when it is the first). `shape` is in FITS order.
    @_specialize(exported: true, where T == Double)
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Int)
    @_specialize(exported: true, where T == UInt8)
    public func writeImage<T: FITSElement>(_ data: consuming [T], shape: [Int], name: String? = nil, header: [FITSCard] = []) throws {
        let fptr = try openHandle()
        let hdu = name ?? "#\(hduCount)"
        precondition(shape.reduce(1, *) == data.count || (shape.isEmpty && data.isEmpty), "image shape does not match data")
        var naxes = shape.map { Int64($0) }
        try CFITSIOStatus.check(file: path, hdu: hdu, doing: "creating the image") {
            ffcrimll(fptr, T.bitpix, Int32(shape.count), &naxes, &$0)
        }
        if let name { try writeCard(fptr, FITSCard("EXTNAME", .string(name)), hdu: hdu) }
        for card in header { try writeCard(fptr, card, hdu: hdu) }
        if !data.isEmpty {
            // cfitsio swaps the bytes in place: a copy unless the caller handed over its array
            var data = data
            let count = Int64(data.count)
            try data.withUnsafeMutableBytes { raw in
                try CFITSIOStatus.check(file: path, hdu: hdu, doing: "writing the image") {
                    ffppr(fptr, T.fitsDataType, 1, count, raw.baseAddress, &$0)
                }
            }
            if Int(count) * MemoryLayout<T>.size >= Self.writebackThreshold { startWriteback(fptr) }
        }
        hduCount += 1
    }

    /// Image bytes after which the file's data so far is sent on to the disk.
    static let writebackThreshold = 1 << 20

    /// Hands what is written so far to the kernel (cfitsio's buffers) and has it start writing
    /// it to the disk, so that the device works while the next HDUs are formatted and the fsync
    /// of `commit()` waits only for the last of them (a 25 MB dataset: 20 ms less). Failures
    /// are left for the writes and the fsync that follow to report.
    private func startWriteback(_ fptr: UnsafeMutablePointer<fitsfile>) {
        var status: Int32 = 0
        ffflsh(fptr, 0, &status)
        if status == 0 { AtomicFile.startWriteback(temporaryPath) }
    }

    /// Appends a binary-table HDU with `rowCount` rows (an empty primary HDU first if needed).
    public func writeTable(name: String, columns: [FITSColumn], rowCount: Int, header: [FITSCard] = []) throws {
        if hduCount == 0 { try writeImage([Double](), shape: []) }
        let fptr = try openHandle()
        for column in columns where column.values.count != rowCount * column.repeatCount {
            if column.values.isOneCellPerRow, column.values.count == rowCount { continue }
            throw FITSError(.invalidColumn, file: path, hdu: name, column: column.name,
                            message: "\(column.values.count) values for \(rowCount) rows of \(column.repeatCount)")
        }
        try withCStrings(columns.map(\.name)) { types in
            try withCStrings(columns.map(\.tform)) { forms in
                try withCStrings(columns.map(\.unit)) { units in
                    try CFITSIOStatus.check(file: path, hdu: name, doing: "creating the table") {
                        ffcrtb(fptr, BINARY_TBL, Int64(rowCount), Int32(columns.count), types, forms, units, name, &$0)
                    }
                }
            }
        }
        for (i, column) in columns.enumerated() {
            let number = Int32(i + 1)
            if let dims = column.dimensions, dims.count > 1 {
                var naxes = dims.map { Int64($0) }
                try CFITSIOStatus.check(file: path, hdu: name, column: column.name, doing: "writing TDIM") {
                    ffptdmll(fptr, number, Int32(dims.count), &naxes, &$0)
                }
            }
            if rowCount > 0 { try writeColumn(fptr, column, number: number, hdu: name) }
        }
        for card in header { try writeCard(fptr, card, hdu: name) }
        hduCount += 1
    }

    /// Closes the file and moves it into place.
    public func commit() throws {
        let fptr = try openHandle()
        try CFITSIOStatus.check(file: path, doing: "closing the file") { ffclos(fptr, &$0) }
        handle = nil
        do {
            try AtomicFile.commit(temporary: temporaryPath, to: path, overwrite: overwrite)
        } catch {
            throw FITSError(error.exists ? .exists : .other, file: path, message: error.exists ? "file appeared while writing; not overwritten" : error.message)
        }
    }

    private func openHandle() throws -> UnsafeMutablePointer<fitsfile> {
        guard let handle else { throw FITSError(.other, file: path, message: "file already committed") }
        return handle
    }

    private func writeColumn(_ fptr: UnsafeMutablePointer<fitsfile>, _ column: FITSColumn, number: Int32, hdu: String) throws {
        func put<T>(_ values: [T], _ type: Int32) throws {
            var values = values
            let count = Int64(values.count)
            try values.withUnsafeMutableBytes { raw in
                try CFITSIOStatus.check(file: path, hdu: hdu, column: column.name, doing: "writing the column") {
                    ffpcl(fptr, type, number, 1, 1, count, raw.baseAddress, &$0)
                }
            }
        }
        // A variable-length column: each row's array goes to the heap on its own.
        func putRows<T>(_ rows: [[T]], _ type: Int32) throws {
            for (r, row) in rows.enumerated() where !row.isEmpty {
                var values = row
                try values.withUnsafeMutableBytes { raw in
                    try CFITSIOStatus.check(file: path, hdu: hdu, column: column.name, doing: "writing row \(r + 1) of the column") {
                        ffpcl(fptr, type, number, Int64(r + 1), 1, Int64(row.count), raw.baseAddress, &$0)
                    }
                }
            }
        }
        switch column.values {
        case .variableFloat(let rows): try putRows(rows, TFLOAT)
        case .variableDouble(let rows): try putRows(rows, TDOUBLE)
        case .variableInt32(let rows): try putRows(rows, TINT)
        case .variableInt16(let rows): try putRows(rows, TSHORT)
        case .double(let v): try put(v, TDOUBLE)
        case .float(let v): try put(v, TFLOAT)
        case .int64(let v): try put(v, TLONGLONG)
        case .int32(let v): try put(v, TINT)
        case .int16(let v): try put(v, TSHORT)
        case .uint8(let v): try put(v, TBYTE)
        case .bool(let v): try put(v.map { CChar($0 ? 1 : 0) }, TLOGICAL)
        case .string(let strings, _):
            try withCStrings(strings) { pointers in
                try CFITSIOStatus.check(file: path, hdu: hdu, column: column.name, doing: "writing the column") {
                    ffpcls(fptr, number, 1, 1, Int64(strings.count), pointers, &$0)
                }
            }
        }
    }

    private func writeCard(_ fptr: UnsafeMutablePointer<fitsfile>, _ card: FITSCard, hdu: String) throws {
        try CFITSIOStatus.check(file: path, hdu: hdu, key: card.key, doing: "writing the keyword") { status in
            switch card.value {
            case .string(let s):
                // ffukls writes long strings with the CONTINUE convention and updates in place.
                ffukls(fptr, card.key, s, card.comment, &status)
            case .bool(let b):
                ffukyl(fptr, card.key, b ? 1 : 0, card.comment, &status)
            case .int(let i):
                ffukyj(fptr, card.key, i, card.comment, &status)
            case .double(let d):
                // The shortest text that reads back to the same double, as astropy writes it.
                ffucrd(fptr, card.key, FITSCardFormat.record(key: card.key, number: d, comment: card.comment), &status)
            case .undefined:
                ffukyu(fptr, card.key, card.comment, &status)
            }
        }
    }
}

/// Formats header records that cfitsio's own writers would round.
enum FITSCardFormat {
    /// A fixed-format card `KEY     =                value / comment` for a double.
    static func record(key: String, number: Double, comment: String) -> String {
        var text = "\(number)".uppercased()
        if !text.contains(".") && !text.contains("E") && number.isFinite { text += ".0" }
        if text.hasSuffix(".0") == false, let e = text.firstIndex(of: "E"), !text[..<e].contains(".") {
            text.insert(contentsOf: ".0", at: e)
        }
        let padded = key.padding(toLength: 8, withPad: " ", startingAt: 0) + "= "
            + String(repeating: " ", count: max(0, 20 - text.count)) + text
        let full = comment.isEmpty ? padded : padded + " / " + comment
        return String(full.prefix(80))
    }
}

/// Passes an array of Swift strings to C as `char **`.
func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) throws -> R) rethrows -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    if pointers.isEmpty { pointers.append(nil) }
    return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
}
