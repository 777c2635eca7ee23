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
        let text = field.trimmingSpaces()
        if text.isEmpty { self = .undefined; return }
        if text.first == "'" {
            // Between the outer quotes, '' stands for one quote; trailing blanks are not significant.
            var inner = text.dropFirst()
            if inner.last == "'" { inner = inner.dropLast() }
            self = .string(String(inner).replacingDoubledQuotes().trimmingTrailingSpaces())
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
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    func replacingDoubledQuotes() -> String {
        guard contains("''") else { return self }
        var out = ""
        var previousWasQuote = false
        for c in self {
            if c == "'" && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = c == "'"
            out.append(c)
        }
        return out
    }

    /// FORTRAN-style exponents (1.0D+03) are legal in FITS.
    func replacingExponentD() -> String {
        guard contains("D") || contains("d") else { return self }
        return String(map { $0 == "D" || $0 == "d" ? "E" : $0 })
    }
}
