import Foundation

extension MapAxis: Equatable {
    /// Gammapy's `MapAxis.is_allclose`: same number of edges, equivalent units, edges within
    /// `atol + rtol × |other|` (the other axis's edges converted to this axis's unit), and the same
    /// node type, interpolation and name (case-insensitive).
    public func isAllClose(_ other: MapAxis, rtol: Double = 1e-5, atol: Double = 1e-8) -> Bool {
        guard edges.count == other.edges.count, UnitConversion.areEquivalent(unit, other.unit) else { return false }
        let factor = UnitConversion.factor(from: other.unit, to: unit) ?? 1
        for (a, b0) in zip(edges, other.edges) {
            let b = factor == 1 ? b0 : b0 * factor
            if a == b { continue }
            guard a.isFinite, b.isFinite, Swift.abs(a - b) <= atol + rtol * Swift.abs(b) else { return false }
        }
        return nodeType == other.nodeType && interp == other.interp && name.uppercased() == other.name.uppercased()
    }

    /// Gammapy's `==`: `isAllClose` with `rtol = atol = 1e-6`.
    public static func == (lhs: MapAxis, rhs: MapAxis) -> Bool {
        lhs.isAllClose(rhs, rtol: 1e-6, atol: 1e-6)
    }
}
