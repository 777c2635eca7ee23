import GammaMaps
import IRF

/// `makeEDispKernelMap` without the migration cube: the same kernels as `makeEDispMap` followed
/// by `EDispMap.toEDispKernelMap`, computed from cumulative sums at the IRF's offset centres.
///
/// A pixel's migration density is `(1 − w)·B_i + w·B_{i+1}` (B: the IRF at the offset centres
/// around it, see `OffsetSeparableEvaluation`), clipped at 0. With `0 ≤ w ≤ 1` and both B rows
/// finite and of the same sign at every migra, the clipped density is the blend of the rows
/// clipped first, so its cumulative sum along migra is the same blend of the clipped rows'
/// cumulative sums, and the normalisation is its last value (a non-decreasing sum has its maximum
/// at the end). The kernel then needs that blend only at the migra values of the
/// reconstructed-energy edges: a few numbers per pixel instead of the whole migra axis. Pixels
/// that extrapolate beyond the outer offset centres, or whose rows differ in sign or have
/// non-finite values, take the column: clipped densities summed once along migra (H.E.S.S. DR1
/// kernels mostly take this path: their small negative values are not in the same places at
/// neighbouring offsets), or, with a fill value that is negative or not finite, Gammapy step by
/// step (clip, fill, normalise by the largest partial sum with NaN → 0, cumulative sum,
/// interpolation, clip, threshold). All agree with the cube to rounding (~1e-15 of the largest
/// kernel value).
enum EDispKernelFromNodes {
    static func kernel(edisp: EnergyDispersion2D, energies: [Double], offsets: [Double], energyAxis: MapAxis,
                       trueAxis: MapAxis, threshold: Double) throws -> [Double] {
        let migraAxis = edisp.migraAxis
        let table = try OffsetSeparableEvaluation.NodeTable(
            edisp.grid, offsetAxis: 2,
            shared: [edisp.energyAxisTrue.coordinates(energies, from: "TeV"), migraAxis.centers])
        let nT = energies.count, nM = migraAxis.nbin, nO = table.nodeCount, nR = energyAxis.nbin
        let npix = offsets.count
        let fill = edisp.grid.fillValue ?? 0
        let widths = migraAxis.binWidths

        // B[t][m][k] with the shared fill rule applied (true energy and migra both outside)
        var b = table.values
        for s in 0..<(nT * nM) where table.sharedOutside[s] {
            for k in 0..<nO { b[s * nO + k] = fill }
        }
        // per (t, k): finite, and the cumulative sums C[t][k][0...nM] of the row clipped at 0;
        // per (t, k) also whether the rows at centres k and k + 1 agree in sign everywhere
        var usable = [Bool](repeating: true, count: nT * nO)
        var sameSigns = [Bool](repeating: true, count: nT * nO)
        var cumulative = [Double](repeating: 0, count: nT * nO * (nM + 1))
        for t in 0..<nT {
            for k in 0..<nO {
                var running = 0.0
                let target = (t * nO + k) * (nM + 1)
                for m in 0..<nM {
                    let v = b[(t * nM + m) * nO + k]
                    if !v.isFinite { usable[t * nO + k] = false }
                    if k + 1 < nO, (v < 0) != (b[(t * nM + m) * nO + k + 1] < 0) { sameSigns[t * nO + k] = false }
                    let term = (v < 0 ? 0 : v) * widths[m]
                    running = m == 0 ? term : running + term
                    cumulative[target + m + 1] = running
                }
            }
        }

        // the reconstructed-energy edges as cells of the padded cumulative axis (see toEDispKernelMap)
        let padded = try MapAxis.fromNodes(migraAxis.edges, name: migraAxis.name, unit: migraAxis.unit,
                                           interp: migraAxis.interp).pad(1)
        guard let ratio = UnitConversion.factor(from: energyAxis.unit, to: trueAxis.unit) ?? (energyAxis.unit == trueAxis.unit ? 1 : nil) else {
            throw MapMakingError(.unsupported, "energy axis unit '\(energyAxis.unit)' does not convert to '\(trueAxis.unit)'")
        }
        let nP = nM + 3
        var lowerRow = [Int](repeating: 0, count: nT * (nR + 1)), upperRow = lowerRow
        var fraction = [Double](repeating: 0, count: nT * (nR + 1))
        let trueCenters = trueAxis.centers
        for t in 0..<nT {
            for r in 0...nR {
                let edge = ratio == 1 ? energyAxis.edges[r] : energyAxis.edges[r] * ratio
                let x = padded.coordToPix(edge / trueCenters[t])
                let i = x.isNaN ? 0 : min(max(Int(x.rounded(.down)), 0), nP - 2)
                // padded node q holds the cumulative sum's row min(max(q − 1, 0), nM)
                lowerRow[t * (nR + 1) + r] = min(max(i - 1, 0), nM)
                upperRow[t * (nR + 1) + r] = min(max(i, 0), nM)
                fraction[t * (nR + 1) + r] = x.isNaN ? .nan : x - Double(i)
            }
        }

        let pixels = try GridLocator(edisp.offsetAxis).locate(edisp.offsetAxis.coordinates(offsets, from: "deg"))
        // for the column-by-column path: B transposed to [t][k][m] (each centre's migra row
        // contiguous), and per t the last cumulative row any edge reads (rows above it are
        // never looked at, so their partial sums are not formed)
        var rows = [Double](repeating: 0, count: nT * nO * nM)
        for t in 0..<nT {
            for m in 0..<nM {
                for k in 0..<nO { rows[(t * nO + k) * nM + m] = b[(t * nM + m) * nO + k] }
            }
        }
        let neededRows = (0..<nT).map { t in
            (0...nR).reduce(0) { Swift.max($0, lowerRow[t * (nR + 1) + $1], upperRow[t * (nR + 1) + $1]) }
        }
        var kernel = [Double](repeating: 0, count: nT * nR * npix)
        let integral = UnsafeMutableBufferPointer<Double>.allocate(capacity: nR + 1)
        let density = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(nM, 1))
        let column = UnsafeMutableBufferPointer<Double>.allocate(capacity: nM + 1)
        defer { integral.deallocate(); density.deallocate(); column.deallocate() }
        integral.initialize(repeating: 0)
        density.initialize(repeating: 0)
        column.initialize(repeating: 0)
        // With a fill value that is finite and not negative, a clipped column's densities are all
        // finite and non-negative: its largest partial sum is the last, and normalising the sums
        // once equals summing normalised densities (to rounding, ~1e-15). `column` gets the
        // partial sums; false when they overflow.
        let plainFill = fill.isFinite && fill >= 0
        @inline(__always) func clippedColumn(_ rowLo: UnsafePointer<Double>, _ rowHi: UnsafePointer<Double>, _ w: Double) -> Bool {
            var running = 0.0
            column[0] = 0
            for m in 0..<nM {
                var d = (0 + rowLo[m] * (1 - w)) + rowHi[m] * w
                if d < 0 { d = 0 }
                if !d.isFinite { d = fill }
                running += d * widths[m]
                column[m + 1] = running
            }
            return running.isFinite
        }
        kernel.withUnsafeMutableBufferPointer { kernel in
        rows.withUnsafeBufferPointer { rows in
        cumulative.withUnsafeBufferPointer { cumulative in
        usable.withUnsafeBufferPointer { usable in
        sameSigns.withUnsafeBufferPointer { sameSigns in
        lowerRow.withUnsafeBufferPointer { lowerRow in
        upperRow.withUnsafeBufferPointer { upperRow in
        fraction.withUnsafeBufferPointer { fraction in
        widths.withUnsafeBufferPointer { widths in
        pixels.withUnsafeBufferPointer { pixels in
        for t in 0..<nT {
            for p in 0..<npix {
                let loc = pixels[p]
                if loc.isNaN || loc.outside { continue }  // all densities are the fill value: kernel 0
                let lo = loc.cell, hi = loc.upper, w = loc.fraction
                let cells = t * (nR + 1)
                if w >= 0 && w <= 1 && usable[t * nO + lo] && usable[t * nO + hi]
                    && (hi == lo || (hi == lo + 1 && sameSigns[t * nO + lo])) {
                    let cLo = (t * nO + lo) * (nM + 1), cHi = (t * nO + hi) * (nM + 1)
                    let total = (0 + cumulative[cLo + nM] * (1 - w)) + cumulative[cHi + nM] * w
                    if !(total > 0) { continue }  // no density: 0/0 → 0 everywhere
                    for r in 0...nR {
                        let f = fraction[cells + r]
                        let a = lowerRow[cells + r], c = upperRow[cells + r]
                        let atLower = ((0 + cumulative[cLo + a] * (1 - w)) + cumulative[cHi + a] * w) / total
                        let atUpper = ((0 + cumulative[cLo + c] * (1 - w)) + cumulative[cHi + c] * w) / total
                        integral[r] = (0 + atLower * (1 - f)) + atUpper * f
                    }
                } else if plainFill && clippedColumn(rows.baseAddress! + (t * nO + lo) * nM, rows.baseAddress! + (t * nO + hi) * nM, w) {
                    // the partial sums of the clipped column, normalised by its total
                    let total = column[nM]
                    if !(total > 0) { continue }  // no density: 0/0 → 0 everywhere
                    for r in 0...nR {
                        let f = fraction[cells + r]
                        let atLower = column[lowerRow[cells + r]] / total, atUpper = column[upperRow[cells + r]] / total
                        integral[r] = (0 + atLower * (1 - f)) + atUpper * f
                    }
                } else {
                    // Gammapy step by step for this column
                    var maximum = 0.0, running = 0.0
                    let rowLo = rows.baseAddress! + (t * nO + lo) * nM, rowHi = rows.baseAddress! + (t * nO + hi) * nM
                    for m in 0..<nM {
                        var d = (0 + rowLo[m] * (1 - w)) + rowHi[m] * w
                        if d < 0 { d = 0 }
                        if !d.isFinite { d = fill }
                        density[m] = d
                        let term = d * widths[m]
                        running = m == 0 ? term : running + term
                        maximum = (maximum.isNaN || running.isNaN) ? .nan : (running > maximum ? running : maximum)
                    }
                    column[0] = 0
                    let needed = neededRows[t]
                    for m in 0..<needed {
                        let term = NumpyCompat.nanToNum(density[m] / maximum) * widths[m]
                        column[m + 1] = m == 0 ? term : column[m] + term
                    }
                    for j in stride(from: 1, through: needed, by: 1) where !column[j].isFinite { column[j] = 0 }
                    for r in 0...nR {
                        let f = fraction[cells + r]
                        integral[r] = (0 + column[lowerRow[cells + r]] * (1 - f)) + column[upperRow[cells + r]] * f
                    }
                }
                for r in 0..<nR {
                    var d = integral[r + 1] - integral[r]
                    if d < 0 { d = 0 }      // np.clip keeps NaN
                    if d < threshold { d = 0 }
                    kernel[(t * nR + r) * npix + p] = d
                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        return kernel
    }
}
