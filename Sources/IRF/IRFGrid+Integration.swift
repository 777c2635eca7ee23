import Foundation
import GammaMaps

extension IRFGrid {
    /// Cumulative sum along an axis (Gammapy's `IRF.cumsum`): each value times its bin width —
    /// and times 2π × bin centre for `rad` and `offset` (the Jacobian of a radial integral) —
    /// summed along the axis. The new axis has the upper bin edges as nodes; the unit gains the
    /// axis unit (twice for the radial axes). Interpolation settings are kept.
    public func cumsum(along name: String) throws -> IRFGrid {
        guard let k = index(of: name) else { throw InterpolationError("no axis '\(name)' in \(axes.map(\.name))") }
        let axis = axes[k]
        let widths = axis.binWidths
        let radial = name == "rad" || name == "offset"
        let twoPi = 2 * Double.pi
        let jacobian = axis.centers.map { twoPi * $0 }
        let n = axis.nbin
        let inner = axes[(k + 1)...].reduce(1) { $0 * $1.nbin }
        let outer = axes[..<k].reduce(1) { $0 * $1.nbin }
        let data = self.data  // once: the stored values are widened on each read
        var out = [Double](repeating: 0, count: data.count)
        for o in 0..<outer {
            for i in 0..<inner {
                var running = 0.0
                for j in 0..<n {
                    let p = (o * n + j) * inner + i
                    var v = data[p] * widths[j]
                    if radial { v = jacobian[j] * v }
                    running = j == 0 ? v : running + v
                    out[p] = running
                }
            }
        }
        var newAxes = axes
        newAxes[k] = try MapAxis.fromNodes(Array(axis.edges.dropFirst()), name: axis.name, unit: axis.unit, interp: axis.interp)
        let axisUnit = axis.unit.isEmpty ? "" : " \(axis.unit)"
        let newUnit = unit + axisUnit + (radial ? axisUnit : "")
        return try IRFGrid(axes: newAxes, data: out, storage: .float64(nativeByteOrder: true), unit: newUnit,
                           valuesScale: valuesScale, method: method, fillValue: fillValue, outOfBounds: outOfBounds)
    }

    /// The grid padded along an axis by repeating the edge values (numpy `pad(mode="edge")`),
    /// the axis extended by `MapAxis.pad` (Gammapy's `IRF.pad(..., mode="edge")`).
    public func padded(along name: String, low: Int = 1, high: Int = 1) throws -> IRFGrid {
        guard let k = index(of: name) else { throw InterpolationError("no axis '\(name)' in \(axes.map(\.name))") }
        var newAxes = axes
        newAxes[k] = try axes[k].pad(low: low, high: high)
        let n = axes[k].nbin, m = n + low + high
        let inner = axes[(k + 1)...].reduce(1) { $0 * $1.nbin }
        let outer = axes[..<k].reduce(1) { $0 * $1.nbin }
        var out = [Double](repeating: 0, count: outer * m * inner)
        let data = self.data  // once: the stored values are widened on each read
        for o in 0..<outer {
            for j in 0..<m {
                let source = min(max(j - low, 0), n - 1)
                for i in 0..<inner { out[(o * m + j) * inner + i] = data[(o * n + source) * inner + i] }
            }
        }
        return try IRFGrid(axes: newAxes, data: out, storage: storage, unit: unit, valuesScale: valuesScale,
                           method: method, fillValue: fillValue, outOfBounds: outOfBounds)
    }

    /// Fills values that are zero or not finite by interpolating along an axis, in the value
    /// scale, between the valid values of the same line (Gammapy's `IRF.interp_missing_data`);
    /// values outside the valid range of their line stay as they are. Float32 data are scaled in
    /// single precision and the results rounded back to float32, as numpy does.
    public func interpolatingMissingData(along name: String) throws -> IRFGrid {
        guard let k = index(of: name) else { throw InterpolationError("no axis '\(name)' in \(axes.map(\.name))") }
        let n = axes[k].nbin
        let inner = axes[(k + 1)...].reduce(1) { $0 * $1.nbin }
        let outer = axes[..<k].reduce(1) { $0 * $1.nbin }
        let isFloat32 = storage == .float32
        let scale = valuesScale
        let data = self.data  // once: the stored values are widened on each read
        var out = data
        // a model without missing values is returned as it is
        guard data.contains(where: { !$0.isFinite || $0 == 0 }) else { return self }
        let scaled = { (v: Double) in isFloat32 ? Double(scale.scale(Float(v))) : scale.scale(v) }
        var missing = [Bool](repeating: false, count: n)  // one column's, reused
        for o in 0..<outer {
            for i in 0..<inner {
                let at = { (j: Int) in (o * n + j) * inner + i }
                var any = false, first = n, last = -1
                for j in 0..<n {
                    let v = data[at(j)]
                    missing[j] = !v.isFinite || v == 0
                    any = any || missing[j]
                    if !missing[j] { first = Swift.min(first, j); last = j }
                }
                guard any, last >= 0 else { continue }
                // np.interp over the valid values, left and right NaN: a missing value between
                // two valid ones takes the segment between them (the only values it reads, so
                // only they are scaled); one beyond the valid range stays as it is
                for j in (first + 1)..<Swift.max(last, first + 1) where missing[j] {
                    var lower = j - 1
                    while missing[lower] { lower -= 1 }
                    var upper = j + 1
                    while missing[upper] { upper += 1 }
                    let value = Self.numpyInterp(Double(j), xp: [Double(lower), Double(upper)],
                                                 fp: [scaled(data[at(lower)]), scaled(data[at(upper)])])
                    guard !value.isNaN else { continue }
                    let filled = scale.inverse(value)
                    out[at(j)] = isFloat32 ? Double(Float(filled)) : filled
                }
            }
        }
        return try replacingData(out)
    }

    /// `np.interp(x, xp, fp, left=nan, right=nan)` for ascending `xp`.
    static func numpyInterp(_ x: Double, xp: [Double], fp: [Double]) -> Double {
        let n = xp.count
        if x.isNaN { return x }
        if n == 1 { return x < xp[0] ? .nan : (x > xp[0] ? .nan : fp[0]) }
        if x < xp[0] || x > xp[n - 1] { return .nan }
        if x == xp[n - 1] { return fp[n - 1] }
        var j = 0
        while j + 1 < n && xp[j + 1] <= x { j += 1 }
        if xp[j] == x { return fp[j] }
        let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
        var result = slope * (x - xp[j]) + fp[j]
        if result.isNaN {
            result = slope * (x - xp[j + 1]) + fp[j + 1]
            if result.isNaN && fp[j] == fp[j + 1] { result = fp[j] }
        }
        return result
    }
}
