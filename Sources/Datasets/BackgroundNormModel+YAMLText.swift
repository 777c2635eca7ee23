import Foundation

/// Scalars written the way PyYAML (`yaml.safe_dump`, as Gammapy calls it) and numpy write them,
/// so that GammaKit's `models.yaml` reads the same as Gammapy's.
enum ModelsFileYAML {
    /// Python's `repr(float)`: the shortest digits that read back to the same double, fixed
    /// notation for 1e-4 ≤ |x| < 1e16 (always with a `.`), exponent notation otherwise (`1e-05`).
    static func pythonRepr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        // Swift's description also gives the shortest round-trip digits; reformat them.
        var text = "\(x)"
        var sign = ""
        if text.hasPrefix("-") { sign = "-"; text.removeFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = Array(integer + fraction)
        var point = integer.count + exponent
        while let first = digits.first, first == "0" { digits.removeFirst(); point -= 1 }
        while let last = digits.last, last == "0" { digits.removeLast() }
        if digits.isEmpty { return sign + "0.0" }
        let d = String(digits)
        if point <= -4 || point > 16 {
            let e = point - 1
            let mantissa = d.count > 1 ? "\(d.first!).\(d.dropFirst())" : d
            return sign + mantissa + "e" + (e < 0 ? "-" : "+") + (abs(e) < 10 ? "0" : "") + "\(abs(e))"
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + d }
        if point >= d.count { return sign + d + String(repeating: "0", count: point - d.count) + ".0" }
        return sign + String(d.prefix(point)) + "." + String(d.dropFirst(point))
    }

    /// PyYAML's float: `repr` in lower case, `.0` added before an exponent without a point,
    /// `.nan`, `.inf`, `-.inf`.
    static func float(_ x: Double) -> String {
        if x.isNaN { return ".nan" }
        if x.isInfinite { return x < 0 ? "-.inf" : ".inf" }
        let r = pythonRepr(x).lowercased()
        if !r.contains("."), let e = r.firstIndex(of: "e") {
            return String(r[..<e]) + ".0" + String(r[e...])
        }
        return r
    }

    /// numpy's `str(np.float64)` as astropy writes table cells (`nan`, `inf` for non-finite).
    static func numpyFloat(_ x: Double) -> String { pythonRepr(x) }

    /// A float as YAML and astropy tables write them (`.nan`, `.inf`, `1.0e-05`, `nan`, ...).
    static func parseFloat(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case ".nan", "nan": return .nan
        case ".inf", "+.inf", "inf", "+inf": return .infinity
        case "-.inf", "-inf": return -.infinity
        default: return Double(t.replacingOccurrences(of: "_", with: ""))
        }
    }

    /// A string scalar: plain when PyYAML would write it plain, otherwise single-quoted (quotes
    /// doubled). Strings YAML 1.1 would read as another type (`'23523'`, `'true'`, `'null'`,
    /// dates) and strings starting with an indicator or holding `: ` / ` #` are quoted.
    static func string(_ s: String) -> String {
        plainIsSafe(s) ? s : "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func plainIsSafe(_ s: String) -> Bool {
        guard let first = s.first, let last = s.last else { return false }
        if first == " " || last == " " || s.contains("\n") || s.contains("\t") { return false }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        if s.contains(": ") || s.contains(" #") || last == ":" { return false }
        if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7e }) { return false }
        return !resolvesToOtherType(s)
    }

    /// Whether YAML 1.1's implicit resolvers (PyYAML's) read the plain scalar as something
    /// other than a string: bool, int, float, null, timestamp, merge or value keys.
    static func resolvesToOtherType(_ s: String) -> Bool {
        let patterns = [
            "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
            "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
            "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
            "^(?:~|null|Null|NULL|)$",
            "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
            "^(?:<<|=)$",
        ]
        return patterns.contains { s.range(of: $0, options: .regularExpression) != nil }
    }
}
