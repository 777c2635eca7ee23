import GammaMaps
import IRF

/// Linear interpolation of a linearly-interpolated IRF (effective area, energy dispersion, PSF
/// table) on the product of coordinates shared by all pixels and one offset per pixel, as
/// `IRFGrid.evaluate` gives it point by point.
///
/// Multilinear interpolation is linear along each axis separately, so the values at a pixel are
/// `(1 − w)·B_i + w·B_{i+1}`, with `B_k` the interpolation over the shared axes at offset centre
/// `k` — computed once for all pixels. (The sums are associated differently from scipy's, a
/// difference of a few ulp.) Then, as `IRF.evaluate`: NaN and non-finite results and coordinates
/// outside the axes' edges give the fill value (for energy dispersion only when true energy and
/// migra are both outside, or the offset is), negative results 0.
enum OffsetSeparableEvaluation {
    /// - Parameters:
    ///   - grid: an IRF grid with linear value scale.
    ///   - offsetAxis: index of the offset axis in the grid.
    ///   - shared: coordinates of the other axes, in grid order (in the axes' units), one array each.
    ///   - offsets: the pixels' offsets, in the offset axis's unit.
    ///   - factor: a number every value is multiplied by last (the exposure's live time), in the
    ///     same pass.
    /// - Returns: values laid out `[shared 0][shared 1][pixel]`.
    static func evaluate(_ grid: IRFGrid, offsetAxis: Int, shared: [[Double]], offsets: [Double], times factor: Double = 1) throws -> [Double] {
        let table = try NodeTable(grid, offsetAxis: offsetAxis, shared: shared)
        let b = table.values, sharedOutside = table.sharedOutside, nS = table.sharedCount, nO = table.nodeCount
        let offsetLocator = try GridLocator(grid.axes[offsetAxis])

        // per pixel: the two offset centres around it, compact arrays for the inner loop; the
        // pixels whose value is decided by their offset alone are set after it
        let npix = offsets.count
        let pixels = offsetLocator.locate(offsets)
        let lower = pixels.map { Int32($0.cell) }, upper = pixels.map { Int32($0.upper) }
        let fraction = pixels.map(\.fraction)
        let fill = grid.fillValue
        // with a fill value: outside the offset axis (or NaN) gives it; without: NaN gives NaN
        let isSpecial = { (p: GridLocator.Location) in fill != nil ? p.outside || p.isNaN : p.isNaN }
        let special = pixels.indices.filter { isSpecial(pixels[$0]) }
        // A row of values below 1e300 in magnitude, at fractions below 1e6, interpolates to a
        // finite number: there the fill value cannot replace a result and is not tested for.
        let tameFractions = pixels.allSatisfy { isSpecial($0) || Swift.abs($0.fraction) <= 1e6 }
        let tameRows = (0..<nS).map { s in tameFractions && (0..<nO).allSatisfy { Swift.abs(b[s * nO + $0]) <= 1e300 } }
        // every element is written below
        return [Double](unsafeUninitializedCapacity: nS * npix) { out, initialized in
            b.withUnsafeBufferPointer { bb in
            lower.withUnsafeBufferPointer { lower in
            upper.withUnsafeBufferPointer { upper in
            fraction.withUnsafeBufferPointer { fraction in
                guard let base = bb.baseAddress, let target = out.baseAddress else { return }
                // blocks of pixels small enough for their indices to stay in cache over all rows
                let block = 4096
                for first in stride(from: 0, to: npix, by: block) {
                    let last = min(first + block, npix)
                    for s in 0..<nS {
                        let row = base + s * nO
                        let o = target + s * npix
                        if let fill, !tameRows[s] || sharedOutside[s] {
                            // a row outside the shared axes is the fill value whatever the pixel
                            if sharedOutside[s] {
                                for p in first..<last { o[p] = fill * factor }
                                continue
                            }
                            for p in first..<last {
                                let y = fraction[p]
                                var r = (0 + row[Int(lower[p])] * (1 - y)) + row[Int(upper[p])] * y
                                r = r < 0 ? 0 : r
                                r = r.isFinite ? r : fill
                                o[p] = r * factor
                            }
                        } else {
                            for p in first..<last {
                                let y = fraction[p]
                                let r = (0 + row[Int(lower[p])] * (1 - y)) + row[Int(upper[p])] * y
                                o[p] = (r < 0 ? 0 : r) * factor
                            }
                        }
                    }
                }
                for s in 0..<nS {
                    let value = (fill ?? .nan) * factor
                    for p in special { target[s * npix + p] = value }
                }
            }
            }
            }
            }
            initialized = nS * npix
        }
    }

    /// The IRF interpolated over the shared axes at every offset centre: `values[s][k]` for the
    /// flat shared index `s` (first shared axis slowest) and offset centre `k`, unclipped and
    /// unfilled, and per `s` whether the shared coordinates alone make the result the fill value.
    struct NodeTable {
        let values: [Double]
        let sharedOutside: [Bool]
        let sharedCount: Int
        let nodeCount: Int

        init(_ grid: IRFGrid, offsetAxis: Int, shared: [[Double]]) throws {
            guard grid.valuesScale == .lin, grid.method == .linear else {
                throw MapMakingError(.unsupported, "separable evaluation needs linear interpolation of the values")
            }
            let otherAxes = grid.axes.indices.filter { $0 != offsetAxis }
            guard shared.count == otherAxes.count, (1...2).contains(shared.count) else {
                throw MapMakingError(.unsupported, "separable evaluation needs one or two shared axes besides the offset")
            }
            let sharedLocations = try zip(otherAxes, shared).map { try GridLocator(grid.axes[$0.0]).locate($0.1) }
            let nO = grid.axes[offsetAxis].nbin
            let strides = gridStrides(grid.shape)
            let sizes = shared.map(\.count)
            let nS = sizes.reduce(1, *)
            var b = [Double](repeating: 0, count: nS * nO)
            var outside = [Bool](repeating: false, count: nS)
            let so = strides[offsetAxis]
            let s0 = strides[otherAxes[0]]
            grid.data.withUnsafeBufferPointer { v in
                b.withUnsafeMutableBufferPointer { out in
                    if shared.count == 1 {
                        for (s, a) in sharedLocations[0].enumerated() {
                            outside[s] = a.outside || a.isNaN
                            let u = 1 - a.fraction, y = a.fraction
                            for k in 0..<nO {
                                let base = k * so
                                out[s * nO + k] = (0 + v[base + a.cell * s0] * u) + v[base + a.upper * s0] * y
                            }
                        }
                    } else {
                        let s1 = strides[otherAxes[1]]
                        let n1 = sizes[1]
                        let ruleIsEDisp: Bool
                        if case .energyDispersion = grid.outOfBounds { ruleIsEDisp = true } else { ruleIsEDisp = false }
                        for (i0, a) in sharedLocations[0].enumerated() {
                            for (i1, c) in sharedLocations[1].enumerated() {
                                let s = i0 * n1 + i1
                                // IRFGrid's rules: any axis, or for EDisp (energy_true and migra both) outside
                                outside[s] = (ruleIsEDisp ? (a.outside && c.outside) : (a.outside || c.outside)) || a.isNaN || c.isNaN
                                let ua = 1 - a.fraction, ya = a.fraction, uc = 1 - c.fraction, yc = c.fraction
                                let w00 = ua * uc, w01 = ua * yc, w10 = ya * uc, w11 = ya * yc
                                let p00 = a.cell * s0 + c.cell * s1, p01 = a.cell * s0 + c.upper * s1
                                let p10 = a.upper * s0 + c.cell * s1, p11 = a.upper * s0 + c.upper * s1
                                for k in 0..<nO {
                                    let base = k * so
                                    out[s * nO + k] = (((0 + v[base + p00] * w00) + v[base + p01] * w01) + v[base + p10] * w10)
                                        + v[base + p11] * w11
                                }
                            }
                        }
                    }
                }
            }
            values = b
            sharedOutside = outside
            sharedCount = nS
            nodeCount = nO
        }
    }

    /// C-order strides of a grid shape.
    static func gridStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        if shape.count > 1 {
            for k in stride(from: shape.count - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * shape[k + 1] }
        }
        return strides
    }
}
