/// Checks the raw header cards of a file for values that overflow cfitsio's fixed-size
/// buffers before cfitsio parses them. cfitsio 4.2 (Debian 12) copies an unquoted TTYPEn value
/// of 70 characters into a 70-byte field (`strcpy` in `ffgtbp`: one byte past the end, an abort
/// under _FORTIFY_SOURCE); found by fuzzing. Such files are refused with an error naming the
/// card. The walk follows the HDU structure from the headers' own sizes and stops quietly at
/// anything it cannot follow, leaving the verdict to cfitsio.
enum FITSHeaderGuard {
    static func check(_ buffer: UnsafeRawBufferPointer, file: String) throws {
        var position = 0
        var hduIndex = 0
        while position + 2880 <= buffer.count {
            var values: [String: Int] = [:]
            var card = position
            var ended = false
            while card + 80 <= buffer.count {
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[card..<(card + 80)])
                let key = String(decoding: bytes[0..<8], as: UTF8.self).trimmingSpaces()
                card += 80
                if key == "END" { ended = true; break }
                guard bytes[8] == UInt8(ascii: "="), bytes[9] == UInt8(ascii: " ") else { continue }
                let field = bytes[10..<80]
                if key.hasPrefix("TTYPE"), field.first != UInt8(ascii: "'"), !field.contains(UInt8(ascii: " ")) {
                    throw FITSError(.invalidKeyword, file: file, hdu: "#\(hduIndex)", key: key,
                                    message: "value of 70 characters without quotes is not valid FITS (and overflows cfitsio)")
                }
                if key == "BITPIX" || key.hasPrefix("NAXIS") || key == "PCOUNT" || key == "GCOUNT" {
                    let value = field.prefix { $0 != UInt8(ascii: "/") }  // drop the comment
                    if let v = Int(String(decoding: value, as: UTF8.self).trimmingSpaces()) { values[key] = v }
                }
            }
            guard ended else { return }
            guard let bytes = dataBytes(values) else { return }
            let headerEnd = (card + 2879) / 2880 * 2880
            let (next, overflow) = headerEnd.addingReportingOverflow((bytes + 2879) / 2880 * 2880)
            guard !overflow, next > position else { return }
            position = next
            hduIndex += 1
        }
    }

    private static func dataBytes(_ values: [String: Int]) -> Int? {
        guard let bitpix = values["BITPIX"], let naxis = values["NAXIS"], (0...999).contains(naxis) else { return nil }
        var product = naxis == 0 ? 0 : 1
        for i in 0..<naxis {
            guard let n = values["NAXIS\(i + 1)"], n >= 0 else { return nil }
            let (p, overflow) = product.multipliedReportingOverflow(by: n)
            if overflow || p > Int(Int32.max) * 64 { return nil }
            product = p
        }
        let total = (product + max(values["PCOUNT"] ?? 0, 0)) * max(values["GCOUNT"] ?? 1, 1) * (abs(bitpix) / 8)
        return total >= 0 ? total : nil
    }
}
