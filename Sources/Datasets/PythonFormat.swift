import Foundation

/// The text of Python's format specifications as Gammapy's summaries use them.
public enum PythonFormat {
    /// Python's `"{:.Nf}".format(v)` (`nan`, `inf`).
    public static func fixed(_ v: Double, _ digits: Int) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return String(format: "%.\(digits)f", v)
    }

    /// Python's `"{:.2e}".format(v)`.
    public static func exponent(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return String(format: "%.2e", v)
    }

    /// Python's `str.expandtabs(2)` for a line starting at `column`.
    public static func expandTabs(_ s: String, column: Int) -> String {
        var out = "", col = column
        for c in s {
            if c == "\t" {
                let n = 2 - col % 2
                out += String(repeating: " ", count: n)
                col += n
            } else {
                out.append(c)
                col += 1
            }
        }
        return out
    }
}
