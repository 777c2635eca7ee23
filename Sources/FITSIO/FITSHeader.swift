/// The header of one HDU: its cards in order, with typed access by keyword.
///
/// The header remembers its file and HDU so that `require` can say exactly which keyword is
/// missing where.
public struct FITSHeader: Sendable {
    public private(set) var cards: [FITSCard]
    /// File the header was read from (for error messages); empty for headers built in memory.
    public var file: String
    /// The HDU's name (EXTNAME, or PRIMARY), for error messages.
    public var hduName: String
    private var index: [String: Int]

    public init(cards: [FITSCard] = [], file: String = "", hduName: String = "") {
        self.cards = cards
        self.file = file
        self.hduName = hduName
        self.index = [:]
        for (i, card) in cards.enumerated() where index[card.key] == nil { index[card.key] = i }
    }

    public subscript(key: String) -> FITSValue? {
        index[key.uppercased()].map { cards[$0].value }
    }

    public func contains(_ key: String) -> Bool { index[key.uppercased()] != nil }

    public func comment(_ key: String) -> String? { index[key.uppercased()].map { cards[$0].comment } }

    /// Sets a keyword, replacing an existing card of that name or appending a new one.
    public mutating func set(_ key: String, _ value: FITSValue, comment: String = "") {
        let key = key.uppercased()
        if let i = index[key] {
            cards[i].value = value
            if !comment.isEmpty { cards[i].comment = comment }
        } else {
            index[key] = cards.count
            cards.append(FITSCard(key, value, comment: comment))
        }
    }

    /// A string value; numbers and logicals are given in their FITS spelling.
    public func string(_ key: String) -> String? {
        guard let value = self[key] else { return nil }
        if case .undefined = value { return nil }
        return value.description
    }

    /// A numeric value; integer keywords convert, and so do strings that hold a number
    /// (some DL3 producers quote numbers).
    public func double(_ key: String) -> Double? {
        switch self[key] {
        case .double(let d): return d
        case .int(let i): return Double(i)
        case .string(let s): return Double(s.trimmingSpaces().replacingExponentD())
        default: return nil
        }
    }

    public func int(_ key: String) -> Int? {
        switch self[key] {
        case .int(let i): return Int(exactly: i)
        case .double(let d): return d.rounded() == d ? Int(exactly: d) : nil
        case .string(let s): return Int(s.trimmingSpaces())
        default: return nil
        }
    }

    public func bool(_ key: String) -> Bool? {
        switch self[key] {
        case .bool(let b): return b
        case .string(let s):
            switch s.trimmingSpaces().uppercased() {
            case "T", "TRUE": return true
            case "F", "FALSE": return false
            default: return nil
            }
        default: return nil
        }
    }

    // MARK: Required keywords

    public func requireDouble(_ key: String) throws -> Double {
        guard let v = double(key) else { throw missingOrInvalid(key, expected: "a number") }
        return v
    }

    public func requireInt(_ key: String) throws -> Int {
        guard let v = int(key) else { throw missingOrInvalid(key, expected: "an integer") }
        return v
    }

    public func requireString(_ key: String) throws -> String {
        guard let v = string(key) else { throw missingOrInvalid(key, expected: "a string") }
        return v
    }

    /// The error for a keyword that is absent or of the wrong type.
    public func missingOrInvalid(_ key: String, expected: String) -> FITSError {
        if contains(key) {
            return FITSError(.invalidKeyword, file: file, hdu: hduName, key: key,
                             message: "value '\(self[key]!.description)' is not \(expected)")
        }
        return FITSError(.missingKeyword, file: file, hdu: hduName, key: key, message: "keyword is missing")
    }
}
