import Foundation

/// Conversion factors between the unit strings found in DL3 files and maps, as astropy gives
/// them: energies (eV with the k/M/G/T prefixes), angles (`deg`, `rad`, `sr`), lengths (`m`,
/// `cm`), time (`s`) and products and powers of these — `"TeV"`, `"m2"`, `"cm^2"`, `"sr-1"`,
/// `"MeV-1 s-1 sr-1"`, `"1/s/MeV/sr"`, `"1 / (MeV s sr)"`, `"deg**-2"`.
///
/// Factors are exact powers of ten times powers of π/180, so `TeV → MeV` is exactly `1e6` and
/// `deg → rad` is `0.017453292519943295`, the numbers astropy multiplies by.
public enum UnitConversion {
    /// The factor that converts a value in `from` into `to`, or nil when the strings cannot be
    /// parsed or the units are not of the same kind.
    public static func factor(from: String, to: String) -> Double? {
        guard let a = parse(from), let b = parse(to), a.dimensions == b.dimensions else { return nil }
        return power10(a.decimalExponent - b.decimalExponent) * powerDegree(a.degreePower - b.degreePower)
    }

    /// Whether two unit strings measure the same kind of quantity (astropy's `is_equivalent`).
    public static func areEquivalent(_ a: String, _ b: String) -> Bool {
        guard let x = parse(a), let y = parse(b) else { return a == b }
        return x.dimensions == y.dimensions
    }

    /// Whether a unit string parses and has no dimension (`""`, `"1"`).
    public static func isDimensionless(_ unit: String) -> Bool {
        parse(unit)?.dimensions == Dimensions()
    }

    /// Whether the string is a unit this helper understands.
    public static func isRecognized(_ unit: String) -> Bool { parse(unit) != nil }

    // MARK: - Representation

    /// Powers of the base quantities.
    struct Dimensions: Equatable {
        var energy = 0, angle = 0, length = 0, time = 0

        static func + (a: Dimensions, b: Dimensions) -> Dimensions {
            Dimensions(energy: a.energy + b.energy, angle: a.angle + b.angle,
                       length: a.length + b.length, time: a.time + b.time)
        }

        static func * (a: Dimensions, k: Int) -> Dimensions {
            Dimensions(energy: a.energy * k, angle: a.angle * k, length: a.length * k, time: a.time * k)
        }
    }

    /// A parsed unit: dimensions and a scale `10^decimalExponent × (π/180)^degreePower` relative
    /// to eV, rad, m and s.
    struct Parsed: Equatable {
        var dimensions = Dimensions()
        var decimalExponent = 0
        var degreePower = 0

        static func + (a: Parsed, b: Parsed) -> Parsed {
            Parsed(dimensions: a.dimensions + b.dimensions, decimalExponent: a.decimalExponent + b.decimalExponent,
                   degreePower: a.degreePower + b.degreePower)
        }

        static func * (a: Parsed, k: Int) -> Parsed {
            Parsed(dimensions: a.dimensions * k, decimalExponent: a.decimalExponent * k, degreePower: a.degreePower * k)
        }
    }

    static let symbols: [String: Parsed] = [
        "eV": Parsed(dimensions: Dimensions(energy: 1)),
        "keV": Parsed(dimensions: Dimensions(energy: 1), decimalExponent: 3),
        "MeV": Parsed(dimensions: Dimensions(energy: 1), decimalExponent: 6),
        "GeV": Parsed(dimensions: Dimensions(energy: 1), decimalExponent: 9),
        "TeV": Parsed(dimensions: Dimensions(energy: 1), decimalExponent: 12),
        "PeV": Parsed(dimensions: Dimensions(energy: 1), decimalExponent: 15),
        "rad": Parsed(dimensions: Dimensions(angle: 1)),
        "deg": Parsed(dimensions: Dimensions(angle: 1), degreePower: 1),
        "sr": Parsed(dimensions: Dimensions(angle: 2)),
        "m": Parsed(dimensions: Dimensions(length: 1)),
        "cm": Parsed(dimensions: Dimensions(length: 1), decimalExponent: -2),
        "s": Parsed(dimensions: Dimensions(time: 1)),
    ]

    /// The double nearest to 10^k (what astropy's prefix ratios come to).
    private static func power10(_ k: Int) -> Double {
        k == 0 ? 1 : Double("1e\(k)")!
    }

    /// (π/180)^k as astropy computes a unit's scale to a power (`scale ** power`).
    private static func powerDegree(_ k: Int) -> Double {
        k == 0 ? 1 : (k == 1 ? Double.pi / 180 : Foundation.pow(Double.pi / 180, Double(k)))
    }

    // MARK: - Parsing

    /// Parses `factor ((' ' | '.' | '*' | '/') factor)*` where a factor is a symbol, `1`, or a
    /// parenthesised expression, followed by an optional power (`2`, `-1`, `^2`, `**-2`, `(-1)`).
    static func parse(_ text: String) -> Parsed? {
        var parser = Parser(Array(text.unicodeScalars))
        guard let result = parser.expression(), parser.atEnd else { return nil }
        return result
    }

    private struct Parser {
        let chars: [Unicode.Scalar]
        var position = 0

        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        var atEnd: Bool { mutating get { skipSpaces(); return position == chars.count } }

        mutating func skipSpaces() { while position < chars.count && chars[position] == " " { position += 1 } }

        func peek() -> Unicode.Scalar? { position < chars.count ? chars[position] : nil }

        mutating func expression() -> Parsed? {
            var total = Parsed()
            skipSpaces()
            if peek() == nil || peek() == ")" { return total }  // "" is dimensionless
            guard let first = factor() else { return nil }
            total = total + first
            while true {
                skipSpaces()
                guard let c = peek(), c != ")" else { return total }
                var sign = 1
                if c == "/" { sign = -1; position += 1 } else if c == "*" || c == "." { position += 1 }
                skipSpaces()
                guard let next = factor() else { return nil }
                total = total + next * sign
            }
        }

        mutating func factor() -> Parsed? {
            skipSpaces()
            guard let c = peek() else { return nil }
            var base: Parsed
            if c == "(" {
                position += 1
                guard let inner = expression(), peek() == ")" else { return nil }
                position += 1
                base = inner
            } else if c.properties.isAlphabetic {
                var name = ""
                while let d = peek(), d.properties.isAlphabetic { name.unicodeScalars.append(d); position += 1 }
                guard let known = UnitConversion.symbols[name] else { return nil }
                base = known
            } else if c == "1" {
                position += 1
                base = Parsed()
            } else {
                return nil
            }
            if let power = exponent() { base = base * power }
            return base
        }

        /// An optional power right after a factor.
        mutating func exponent() -> Int? {
            let start = position
            if peek() == "^" { position += 1 } else if peek() == "*", position + 1 < chars.count, chars[position + 1] == "*" { position += 2 }
            var parenthesised = false
            if peek() == "(" { parenthesised = true; position += 1 }
            var digits = ""
            if let s = peek(), s == "-" || s == "+" { digits.unicodeScalars.append(s); position += 1 }
            while let d = peek(), d.properties.numericType != nil { digits.unicodeScalars.append(d); position += 1 }
            if parenthesised { if peek() == ")" { position += 1 } else { position = start; return nil } }
            guard let value = Int(digits) else { position = start; return nil }
            return value
        }
    }
}
