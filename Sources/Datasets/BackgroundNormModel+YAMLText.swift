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
}
