/// The value of a FITS header keyword.
public enum FITSValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// A keyword with no value (COMMENT, HISTORY, or `KEY =` with nothing after it).
    case undefined

    public var description: String {
        switch self {
        case .string(let s): return s
        case .bool(let b): return b ? "T" : "F"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .undefined: return ""
        }
    }

    /// Parses the value field of a card as cfitsio returns it (strings still quoted).
    init(parsing field: String) {
        // By bytes: header text is ASCII, and Character-wise scanning cost ~10k instructions a card.
        let text = field.trimmingSpaces()
        let bytes = text.utf8
        guard let first = bytes.first else { self = .undefined; return }
        if first == UInt8(ascii: "'") {
            // Between the outer quotes, '' stands for one quote; trailing blanks are not significant.
            var inner = bytes.dropFirst()
            if inner.last == UInt8(ascii: "'") { inner = inner.dropLast() }
            self = .string(String(decoding: inner, as: UTF8.self).replacingDoubledQuotes().trimmingTrailingSpaces())
            return
        }
        if text == "T" { self = .bool(true); return }
        if text == "F" { self = .bool(false); return }
        if let i = Int64(text) { self = .int(i); return }
        if let d = Double(text.replacingExponentD()) { self = .double(d); return }
        self = .string(text)
    }
}

/// One header card: keyword, value and comment.
public struct FITSCard: Sendable, Equatable {
    public var key: String
    public var value: FITSValue
    public var comment: String

    public init(_ key: String, _ value: FITSValue, comment: String = "") {
        self.key = key
        self.value = value
        self.comment = comment
    }
}

extension String {
    /// Without the leading (with `leading`) and trailing bytes that are `blank`, by the UTF-8
    /// bytes: `blank` must hold only for ASCII bytes, so that the cuts fall between characters.
    package func trimmingASCII(leading: Bool = true, _ blank: (UInt8) -> Bool) -> String {
        let bytes = utf8
        guard let last = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        let first = leading ? bytes.firstIndex(where: { !blank($0) })! : bytes.startIndex
        if first == bytes.startIndex && bytes.index(after: last) == bytes.endIndex { return self }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// Without leading and trailing ASCII spaces.
    func trimmingSpaces() -> String { trimmingASCII { $0 == 0x20 } }

    /// Without trailing ASCII spaces.
    func trimmingTrailingSpaces() -> String { trimmingASCII(leading: false) { $0 == 0x20 } }

    func replacingDoubledQuotes() -> String {
        let quote = UInt8(ascii: "'")
        guard zip(utf8, utf8.dropFirst()).contains(where: { $0 == quote && $1 == quote }) else { return self }
        var out: [UInt8] = []
        var previousWasQuote = false
        for c in utf8 {
            if c == quote && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = c == quote
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// FORTRAN-style exponents (1.0D+03) are legal in FITS.
    func replacingExponentD() -> String {
        @inline(__always) func isD(_ c: UInt8) -> Bool { c == UInt8(ascii: "D") || c == UInt8(ascii: "d") }
        guard utf8.contains(where: isD) else { return self }
        return String(decoding: utf8.map { isD($0) ? UInt8(ascii: "E") : $0 }, as: UTF8.self)
    }
}
