import CFITSIO
import Foundation

/// A FITS file opened for reading. It owns one cfitsio handle over an in-memory copy of the
/// file (gzip inflated with zlib), so opening many files from many threads scales.
///
/// All HDU headers are read when the file opens; data are read on request. Calls on one file
/// are serialised by a lock (one cfitsio handle has one owner at a time); different files
/// are independent.
public final class FITSFile: @unchecked Sendable {
    /// The path the file was opened from (or the name given to an in-memory buffer).
    public let path: String
    /// Every HDU of the file, in order.
    public let hdus: [FITSHDU]
    /// Size of the (inflated) FITS data in bytes.
    public let byteCount: Int

    private let handle: UnsafeMutablePointer<fitsfile>
    private let bufferSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let sizeSlot: UnsafeMutablePointer<Int>
    private let lock = NSLock()

    /// Opens a `.fits` or `.fits.gz` file.
    public convenience init(path: String) throws {
        try self.init(buffer: FileBuffer.read(path: path), path: path)
    }

    /// Opens FITS (or gzip-compressed FITS) bytes already in memory; `name` is used in errors.
    public convenience init(bytes: [UInt8], name: String) throws {
        try self.init(buffer: FileBuffer.from(bytes: bytes, file: name), path: name)
    }

    private init(buffer: FileBuffer, path: String) throws {
        // cfitsio keeps these two addresses for the life of the handle: they live on the heap.
        let bufferSlot = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 1)
        let sizeSlot = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        bufferSlot.initialize(to: buffer.pointer)
        sizeSlot.initialize(to: buffer.count)
        func release() {
            gk_buffer_free(bufferSlot.pointee)
            bufferSlot.deallocate()
            sizeSlot.deallocate()
        }
        if buffer.count < 2880 {
            release()
            throw FITSError(buffer.count == 0 ? .truncated : .notFITS, file: path,
                            message: "\(buffer.count) bytes is too short to be a FITS file (one header block is 2880)")
        }
        do {
            try FITSHeaderGuard.check(UnsafeRawBufferPointer(start: buffer.pointer, count: buffer.count), file: path)
        } catch {
            release()
            throw error
        }
        var fptr: UnsafeMutablePointer<fitsfile>?
        var status: Int32 = 0
        // A neutral name: cfitsio would parse brackets in a real path as an extension filter.
        gk_open_memory(&fptr, "mem.fits", bufferSlot, sizeSlot, &status)
        guard status == 0, let fptr else {
            if let fptr { var s: Int32 = 0; ffclos(fptr, &s) }
            release()
            throw CFITSIOStatus.error(status, file: path, doing: "opening as FITS")
        }
        do {
            self.hdus = try Self.scanHDUs(fptr, file: path, buffer: buffer)
        } catch {
            var s: Int32 = 0
            ffclos(fptr, &s)
            release()
            throw error
        }
        self.path = path
        self.handle = fptr
        self.bufferSlot = bufferSlot
        self.sizeSlot = sizeSlot
        self.byteCount = buffer.count
    }

    deinit {
        var status: Int32 = 0
        ffclos(handle, &status)
        gk_buffer_free(bufferSlot.pointee)
        bufferSlot.deallocate()
        sizeSlot.deallocate()
    }

    /// The first HDU with this EXTNAME (case-insensitive, as cfitsio matches), and version.
    public func hdu(named name: String, version: Int? = nil) throws -> FITSHDU {
        let wanted = name.uppercased()
        if let found = hdus.first(where: { $0.name.uppercased() == wanted && (version == nil || $0.version == version) }) {
            return found
        }
        let names = hdus.map(\.name).joined(separator: ", ")
        throw FITSError(.missingHDU, file: path, hdu: name, message: "no such HDU; the file has: \(names)")
    }

    /// The HDU at a zero-based position.
    public func hdu(at index: Int) throws -> FITSHDU {
        guard hdus.indices.contains(index) else {
            throw FITSError(.missingHDU, file: path, hdu: "#\(index)", message: "the file has \(hdus.count) HDUs")
        }
        return hdus[index]
    }

    /// Runs `body` with the cfitsio handle positioned at an HDU, under the file's lock.
    func withHDU<R>(_ hdu: FITSHDU, _ body: (UnsafeMutablePointer<fitsfile>) throws -> R) throws -> R {
        lock.lock()
        defer { lock.unlock() }
        try CFITSIOStatus.check(file: path, hdu: hdu.name, doing: "moving to the HDU") { status in
            var type: Int32 = 0
            ffmahd(handle, Int32(hdu.index + 1), &type, &status)
        }
        return try body(handle)
    }

    /// Upper bound on the number of elements any read from this file may return: data cannot
    /// be larger than the file (plus the growth cfitsio is allowed), so a hostile header cannot
    /// make us allocate without limit.
    var elementLimit: Int { byteCount + FileBuffer.growthCap }

    private static func scanHDUs(_ fptr: UnsafeMutablePointer<fitsfile>, file: String, buffer: FileBuffer) throws -> [FITSHDU] {
        var result: [FITSHDU] = []
        var end = 0  // end of the last complete HDU, padding included
        var status: Int32 = 0
        var number: Int32 = 1
        while true {
            var type: Int32 = 0
            ffmahd(fptr, number, &type, &status)
            if status == 107 && number > 1 { status = 0; break }  // END_OF_FILE after the last HDU
            if status != 0 {
                throw CFITSIOStatus.error(status, file: file, hdu: "#\(number - 1)", doing: "reading the HDU")
            }
            let index = Int(number - 1)
            let header = try readHeader(fptr, file: file, hdu: "#\(index)")
            var headStart: Int64 = 0, dataStart: Int64 = 0, dataEnd: Int64 = 0
            ffghadll(fptr, &headStart, &dataStart, &dataEnd, &status)
            // cfitsio's memory driver grows a short buffer instead of failing: check the data
            // the header announces against the bytes really there.
            let needed = Int(dataStart) + (dataByteCount(header) ?? Int.max / 2)
            if status != 0 || needed > buffer.count {
                let hduName = header.string("EXTNAME") ?? "#\(index)"
                throw FITSError(.truncated, file: file, hdu: hduName,
                                message: "the file ends before the HDU's data do (\(buffer.count) bytes, \(needed) needed): it is truncated")
            }
            end = Int(dataEnd)
            let kind: FITSHDUKind = type == BINARY_TBL ? .binaryTable : (type == ASCII_TBL ? .asciiTable : .image)
            let name = header.string("EXTNAME")?.trimmingSpaces() ?? (index == 0 ? "PRIMARY" : "#\(index)")
            var named = header
            named.file = file
            named.hduName = name
            result.append(FITSHDU(index: index, name: name, version: header.int("EXTVER") ?? 1, kind: kind, header: named))
            number += 1
        }
        // Bytes after the last HDU that are not blank padding: a header cut off in the middle.
        if end < buffer.count {
            let tail = UnsafeRawBufferPointer(start: buffer.pointer + end, count: buffer.count - end)
            if tail.count >= 80 && tail.contains(where: { $0 != 0 && $0 != 0x20 }) {
                throw FITSError(.truncated, file: file, hdu: "#\(result.count)",
                                message: "\(tail.count) bytes after the last complete HDU do not form a complete header: the file is truncated or corrupt")
            }
        }
        return result
    }

    /// Size of an HDU's data without padding: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn).
    private static func dataByteCount(_ header: FITSHeader) -> Int? {
        guard let bitpix = header.int("BITPIX"), let naxis = header.int("NAXIS"), (0...999).contains(naxis) else { return nil }
        var product = naxis == 0 ? 0 : 1
        for i in 0..<naxis {
            guard let n = header.int("NAXIS\(i + 1)"), n >= 0 else { return nil }
            let (p, overflow) = product.multipliedReportingOverflow(by: n)
            if overflow { return nil }
            product = p
        }
        let (sum, o1) = product.addingReportingOverflow(header.int("PCOUNT") ?? 0)
        let (groups, o2) = sum.multipliedReportingOverflow(by: max(header.int("GCOUNT") ?? 1, 1))
        let (bytes, o3) = groups.multipliedReportingOverflow(by: abs(bitpix) / 8)
        return o1 || o2 || o3 ? nil : bytes
    }

    private static func readHeader(_ fptr: UnsafeMutablePointer<fitsfile>, file: String, hdu: String) throws -> FITSHeader {
        var count: Int32 = 0
        var more: Int32 = 0
        try CFITSIOStatus.check(file: file, hdu: hdu, doing: "reading the header") { ffghsp(fptr, &count, &more, &$0) }
        var cards: [FITSCard] = []
        cards.reserveCapacity(Int(count))
        var key = [CChar](repeating: 0, count: Int(FLEN_KEYWORD))
        var value = [CChar](repeating: 0, count: Int(FLEN_VALUE))
        var comment = [CChar](repeating: 0, count: Int(FLEN_COMMENT))
        for i in 0..<count {
            try CFITSIOStatus.check(file: file, hdu: hdu, doing: "reading header card \(i + 1)") {
                ffgkyn(fptr, i + 1, &key, &value, &comment, &$0)
            }
            let k = decodeCString(key)
            if k.isEmpty { continue }
            cards.append(FITSCard(k, FITSValue(parsing: decodeCString(value)), comment: decodeCString(comment)))
        }
        return FITSHeader(cards: cards, file: file, hduName: hdu)
    }
}

/// Decodes a NUL-terminated C buffer leniently (invalid UTF-8 is repaired, not fatal).
func decodeCString(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBytes { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}
