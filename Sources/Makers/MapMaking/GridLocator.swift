import GammaMaps
import IRF

/// Where coordinates fall on one axis of an IRF's interpolation grid, as Gammapy's
/// `ScaledRegularGridInterpolator` (scipy's `RegularGridInterpolator` on the axis's bin centres
/// in its `interp` scale) and `IRF.evaluate` see them:
/// - `cell` `i` with `g[i] ≤ x < g[i+1]` (the first or last cell beyond the centres, which
///   extrapolates linearly) and the `fraction` `(x − g[i]) / (g[i+1] − g[i])`;
/// - `outside`: beyond the axis's outer edges or not finite — where `IRF.evaluate` puts its fill value;
/// - an axis with a single centre takes no part (cell 0, fraction 0, `upper` = `cell`).
///
/// The map makers evaluate IRFs on products of such per-axis locations (energies shared by all
/// pixels, one offset per pixel), which lets them skip the general broadcasting machinery.
struct GridLocator {
    let scale: InterpolationScale
    /// Scaled bin centres, ascending.
    let grid: [Double]
    let firstEdge: Double
    let lastEdge: Double

    init(_ axis: MapAxis) throws {
        scale = axis.interp
        grid = axis.centers.map { axis.interp.scale($0) }
        firstEdge = axis.edges[0]
        lastEdge = axis.edges[axis.edges.count - 1]
        for k in grid.indices.dropFirst() where !(grid[k] > grid[k - 1]) {
            throw MapMakingError(.unsupported, "axis \(axis.name): the map makers need ascending bin centres")
        }
    }

    var isSingle: Bool { grid.count == 1 }

    struct Location {
        var cell: Int
        var upper: Int
        var fraction: Double
        var outside: Bool
        var isNaN: Bool
    }

    func locate(_ c: Double) -> Location {
        var hint = 0
        return grid.withUnsafeBufferPointer { locate(c, in: $0, hint: &hint) }
    }

    /// Locations of many coordinates. Neighbouring pixels mostly fall in the same cell, so each
    /// search starts with the previous one's cell (the cell is unique: the same answer).
    func locate(_ coords: [Double]) -> [Location] {
        var hint = 0
        return grid.withUnsafeBufferPointer { g in coords.map { locate($0, in: g, hint: &hint) } }
    }

    @inline(__always)
    private func locate(_ c: Double, in grid: UnsafeBufferPointer<Double>, hint: inout Int) -> Location {
        let outside = !c.isFinite || c < firstEdge || c > lastEdge
        if isSingle { return Location(cell: 0, upper: 0, fraction: 0, outside: outside, isNaN: c.isNaN) }
        let x = scale.scale(c)
        if x.isNaN { return Location(cell: 0, upper: 0, fraction: .nan, outside: true, isNaN: true) }
        let m = grid.count
        var i: Int
        if x < grid[0] {
            i = 0
        } else if x >= grid[m - 1] {
            i = m - 2
        } else if grid[hint] <= x && x < grid[hint + 1] {
            i = hint
        } else {
            // the last centre not above x
            var lo = 0, hi = m - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if grid[mid] <= x { lo = mid } else { hi = mid }
            }
            i = lo
        }
        hint = i
        return Location(cell: i, upper: i + 1, fraction: (x - grid[i]) / (grid[i + 1] - grid[i]), outside: outside, isNaN: false)
    }
}

extension MapAxis {
    /// Coordinates given in `unit` converted into this axis's unit (an axis without a unit takes
    /// them as they are, as `IRFGrid` does).
    func coordinates(_ values: [Double], from unit: String) throws -> [Double] {
        if self.unit.isEmpty || self.unit == unit { return values }
        guard let factor = UnitConversion.factor(from: unit, to: self.unit) else {
            throw MapMakingError(.unsupported, "cannot convert \(unit) to the unit '\(self.unit)' of axis \(name)")
        }
        return factor == 1 ? values : values.map { $0 * factor }
    }
}
