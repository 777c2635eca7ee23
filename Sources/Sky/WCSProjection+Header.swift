import CWCSLIB
import Foundation

/// A FITS header value as wcslib writes it.
public enum WCSHeaderValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return "'\(s)'"
        }
    }
}

/// One header keyword of a WCS: key, value and wcslib's comment.
public struct WCSHeaderCard: Sendable, Hashable {
    public var key: String
    public var value: WCSHeaderValue
    public var comment: String

    public init(key: String, value: WCSHeaderValue, comment: String) {
        self.key = key
        self.value = value
        self.comment = comment
    }
}

extension WCSProjection {
    /// The WCS keywords in the order and with the values and comments that astropy's
    /// `WCS.to_header()` produces (wcslib's `wcshdo` with 14 significant digits and the "safe"
    /// extensions, blank and COMMENT cards removed): WCSAXES, CRPIX, PC (when not the identity),
    /// CDELT, CUNIT, CTYPE, CRVAL, LONPOLE, LATPOLE, MJDREF, RADESYS, EQUINOX as applicable.
    /// The values are those wcslib settled on in `wcsset` (e.g. LATPOLE for CAR). The maps
    /// layer writes these to reproduce Gammapy's `WcsGeom.to_header()` (which adds WCSSHAPE).
    public var headerCards: [WCSHeaderCard] {
        let text: String = handle.withCopy { wcs in
            var nkeyrec: Int32 = 0
            var header: UnsafeMutablePointer<CChar>? = nil
            let status = wcshdo(Int32(WCSHDO_P14 | WCSHDO_safe), wcs, &nkeyrec, &header)
            defer { if let header { wcsdealloc(header) } }
            guard status == 0, let header, nkeyrec > 0 else { return "" }
            let bytes = UnsafeRawBufferPointer(start: header, count: Int(nkeyrec) * 80)
            return String(decoding: bytes, as: UTF8.self)
        }
        var cards: [WCSHeaderCard] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: 80, limitedBy: text.endIndex) ?? text.endIndex
            if var card = Self.parseCard(String(text[index..<end])) {
                // wcslib 7 writes "galactic longitude, …"; wcslib 8 (bundled with astropy, so
                // in Gammapy's files) capitalises it. Follow astropy.
                if card.comment.hasPrefix("galactic ") { card.comment = "G" + card.comment.dropFirst() }
                cards.append(card)
            }
            index = end
        }
        return cards
    }

    /// Parses one 80-character header record; nil for blank, COMMENT and value-less records.
    static func parseCard(_ record: String) -> WCSHeaderCard? {
        let key = String(record.prefix(8)).trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key != "COMMENT", key != "HISTORY", record.count > 10,
              record.dropFirst(8).hasPrefix("= ") else { return nil }
        let field = record.dropFirst(10)
        var valueText = ""
        var rest = Substring("")
        if let quote = field.firstIndex(of: "'") , field[..<quote].allSatisfy({ $0 == " " }) {
            var i = field.index(after: quote)
            var s = ""
            while i < field.endIndex {
                if field[i] == "'" {
                    let next = field.index(after: i)
                    if next < field.endIndex, field[next] == "'" { s.append("'"); i = field.index(after: next); continue }
                    i = next
                    break
                }
                s.append(field[i])
                i = field.index(after: i)
            }
            while s.hasSuffix(" ") { s.removeLast() }
            rest = field[i...]
            let comment = rest.firstIndex(of: "/").map { rest[rest.index(after: $0)...].trimmingCharacters(in: .whitespaces) } ?? ""
            return WCSHeaderCard(key: key, value: .string(s), comment: comment)
        }
        if let slash = field.firstIndex(of: "/") {
            valueText = field[..<slash].trimmingCharacters(in: .whitespaces)
            rest = field[field.index(after: slash)...]
        } else {
            valueText = field.trimmingCharacters(in: .whitespaces)
        }
        let comment = rest.trimmingCharacters(in: .whitespaces)
        let isFloat = valueText.contains(where: { ".EeDd".contains($0) })
        if !isFloat, let i = Int(valueText) {
            return WCSHeaderCard(key: key, value: .int(i), comment: comment)
        }
        if let d = Double(valueText.replacingOccurrences(of: "D", with: "E")) {
            return WCSHeaderCard(key: key, value: .double(d), comment: comment)
        }
        return WCSHeaderCard(key: key, value: .string(valueText), comment: comment)
    }
}
