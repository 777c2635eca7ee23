import Foundation
import GammaMaps
import IRF

/// A background model prepared for the map makers: rates at the geometry's energy edges for each
/// pixel, as `Background3D.evaluate` / `Background2D.evaluate` give them point by point, and their
/// log-log integral over the energy bins (`Background3D.integrate`, `Background2D.integrate`).
///
/// The rates are interpolated linearly in log of the values (float32 tables scaled in single
/// precision, as numpy) between bin centres: the spatial weights of a pixel are worked out once
/// and shared by all energies, the energy weights are shared by all pixels. Back from the log
/// scale, magnitudes up to twice the smallest normal number are 0; coordinates outside the axes'
/// edges and non-finite results give the IRF's fill value (0).
struct BackgroundEvaluation {
    let grid: IRFGrid
    /// The values in the interpolation scale, in the precision they were stored in.
    let scaled: [Double]
    let locators: [GridLocator]

    /// Prepares a `bkg_2d` or `bkg_3d` grid (axes energy, then offset or fov_lon, fov_lat).
    init(_ grid: IRFGrid) throws {
        guard grid.method == .linear, (2...3).contains(grid.axes.count) else {
            throw MapMakingError(.unsupported, "background evaluation needs a linear (energy, offset) or (energy, fov_lon, fov_lat) grid")
        }
        self.grid = grid
        let scale = grid.valuesScale
        switch (grid.storage, scale) {
        case (_, .lin): scaled = grid.data
        case (.float32, _): scaled = grid.data.map { Double(scale.scale(Float($0))) }
        case (.float64, _): scaled = grid.data.map { scale.scale($0) }
        }
        locators = try grid.axes.map(GridLocator.init)
    }

    /// `[energy bin][pixel]` integrals over the bins between `energyEdges` (TeV) at the pixels'
    /// spatial coordinates (deg: offsets, or FoV lon and lat), in the data unit × TeV.
    ///
    /// For each pixel the spatial interpolation at the energy centres the edges need; then, a
    /// block of pixels at a time (`BackgroundBlockKernel`), the rates at the edges (energy
    /// interpolation, back from the value scale, fill) and the log-log integral of each bin
    /// (`LogLogIntegral`). With log-scaled values (Gammapy's for
    /// backgrounds) the power-law index between two rates comes from their interpolated logs:
    /// the same number as the log of their ratio to ~1e-16, without 12 logarithms per pixel.
    func integrate(energyEdges: [Double], spatial: [[Double]]) throws -> [Double] {
        guard spatial.count == grid.axes.count - 1 else {
            throw MapMakingError(.unsupported, "\(spatial.count) spatial coordinate arrays for the axes \(grid.axes.map(\.name))")
        }
        let energies = try grid.axes[0].coordinates(energyEdges, from: "TeV")
        let coordinates = try spatial.indices.map { try grid.axes[1 + $0].coordinates(spatial[$0], from: "deg") }
        let scale = grid.valuesScale
        let fill = grid.fillValue
        let energyLocations = locators[0].locate(energies)
        let pixelLocations = coordinates.indices.map { LocationMemo.shared.locations(locators[1 + $0], coordinates[$0]) }
        let npix = coordinates[0].count, nEdges = energies.count, nBins = nEdges - 1
        let strides = OffsetSeparableEvaluation.gridStrides(grid.shape)
        let nodes = grid.axes[0].nbin
        let integral = LogLogIntegral(edges: energyEdges)

        // The energy centres the edges need, a contiguous range of them, and the values there
        // regrouped [spatial node][energy centre], so that a pixel's four spatial corners are
        // four short contiguous rows (the same values, read in cache lines).
        let lowest = energyLocations.map { min($0.cell, $0.upper) }.min() ?? 0
        let highest = energyLocations.map { max($0.cell, $0.upper) }.max() ?? 0
        let nRange = max(highest - lowest + 1, 1)
        let lowerSlot = energyLocations.map { $0.cell - lowest }, upperSlot = energyLocations.map { $0.upper - lowest }
        let energyFraction = energyLocations.map(\.fraction)
        let energyOutside = energyLocations.map { $0.outside || $0.isNaN }
        let spatialCount = strides[0]
        var rows = [Double](repeating: 0, count: spatialCount * nRange)
        scaled.withUnsafeBufferPointer { v in
            for q in 0..<spatialCount {
                for r in 0..<nRange where lowest + r < nodes { rows[q * nRange + r] = v[(lowest + r) * spatialCount + q] }
            }
        }

        let kernel = BackgroundBlockKernel(nRange: nRange, nEdges: nEdges)
        defer { kernel.deallocate() }
        // A pixel outside the spatial axes has the fill value at every edge: the same integrals
        // for all such pixels (a third of a H.E.S.S. map around the pointing), computed once.
        let outsideIntegrals = fill.map { fill in (0..<max(nBins, 0)).map { integral($0, fill, fill) } } ?? []
        let hasOutside = fill != nil
        let stride1 = strides[1], stride2 = strides.count > 2 ? strides[2] : 0
        let twoSpatial = coordinates.count != 1
        let locations0 = pixelLocations[0], locations1 = twoSpatial ? pixelLocations[1] : []
        // every element is written below
        let count = max(nBins, 0) * npix
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            rows.withUnsafeBufferPointer { rows in
            locations0.withUnsafeBufferPointer { loc0 in
            locations1.withUnsafeBufferPointer { loc1 in
            lowerSlot.withUnsafeBufferPointer { lowerSlot in
            upperSlot.withUnsafeBufferPointer { upperSlot in
            energyFraction.withUnsafeBufferPointer { energyFraction in
            energyOutside.withUnsafeBufferPointer { energyOutside in
            integral.withBuffers { integral in
            outsideIntegrals.withUnsafeBufferPointer { outsideIntegrals in
                guard let table = rows.baseAddress, let out = out.baseAddress else { return }
                let energies = BackgroundBlockKernel.Energies(lowerSlot: lowerSlot, upperSlot: upperSlot, fraction: energyFraction,
                                                              outside: energyOutside, integral: integral)
                let slices = kernel.slices.baseAddress!, skip = kernel.skip, w = BackgroundBlockKernel.width
                for start in Swift.stride(from: 0, to: npix, by: BackgroundBlockKernel.width) {
                    let n = min(BackgroundBlockKernel.width, npix - start)
                    for j in 0..<n {
                        // S(a): spatial interpolation at energy centre a (scaled values)
                        let p = start + j, column = slices + j
                        let b = loc0[p], c = twoSpatial ? loc1[p] : b
                        let outside = twoSpatial ? b.outside || c.outside : b.outside
                        skip[j] = outside && hasOutside
                        if skip[j] {
                            for k in 0..<nRange { column[k * w] = 0 }
                        } else if !twoSpatial {
                            let ub = 1 - b.fraction, yb = b.fraction
                            let r0 = table + b.cell * stride1 * nRange, r1 = table + b.upper * stride1 * nRange
                            for k in 0..<nRange { column[k * w] = (0 + r0[k] * ub) + r1[k] * yb }
                        } else {
                            let ub = 1 - b.fraction, yb = b.fraction, uc = 1 - c.fraction, yc = c.fraction
                            let w00 = ub * uc, w01 = ub * yc, w10 = yb * uc, w11 = yb * yc
                            let r00 = table + (b.cell * stride1 + c.cell * stride2) * nRange
                            let r01 = table + (b.cell * stride1 + c.upper * stride2) * nRange
                            let r10 = table + (b.upper * stride1 + c.cell * stride2) * nRange
                            let r11 = table + (b.upper * stride1 + c.upper * stride2) * nRange
                            for k in 0..<nRange {
                                column[k * w] = (((0 + r00[k] * w00) + r01[k] * w01) + r10[k] * w10) + r11[k] * w11
                            }
                        }
                    }
                    kernel.integrate(count: n, energies: energies, scale: scale, fill: fill,
                                     outsideIntegrals: hasOutside ? outsideIntegrals : nil, out: out + start, rowStride: npix)
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
            initialized = count
        }
    }
}

/// Gammapy's `trapz_loglog` (as `Background3D.integrate`): over `[x₀, x₁]` a power law through
/// the rates at both ends, index `Γ = −log(y₀/y₁)/log(x₀/x₁)` (logs clipped at the smallest normal
/// number, an undefined index infinite), integral `y₀·x₀/(1−Γ)·((x₁/x₀)^(1−Γ) − 1)`, or
/// `y₀·x₀·log(x₁/x₀)` when |1 − Γ| ≤ 1e-8.
///
/// For positive finite rates `(x₁/x₀)^(1−Γ)` is `x₁y₁/(x₀y₀)` (the index is defined by that), so
/// the integral is `(x₁y₁ − x₀y₀)/(1 − Γ)` without the power: the same number to a few ulp,
/// except as close to Γ = 1 as the 1e-8 switch, where both forms lose ~1e-16/|1 − Γ| of their
/// precision. Zero and non-finite rates take Gammapy's formula as written.
struct LogLogIntegral {
    let edges: [Double]
    /// Per bin: log(x₀/x₁) clipped, and log(x₁/x₀).
    let energyLog: [Double]
    let widthLog: [Double]

    init(edges: [Double]) {
        self.edges = edges
        let n = Swift.max(edges.count - 1, 0)
        energyLog = (0..<n).map { Self.clippedLog(edges[$0] / edges[$0 + 1]) }
        widthLog = (0..<n).map { Foundation.log(edges[$0 + 1] / edges[$0]) }
    }

    @inline(__always)
    static func clippedLog(_ v: Double) -> Double {
        let tiny = Double.leastNormalMagnitude
        return Foundation.log(v < tiny ? tiny : v)
    }

    @inline(__always)
    func callAsFunction(_ bin: Int, _ y0: Double, _ y1: Double) -> Double {
        Self.integral(x0: edges[bin], x1: edges[bin + 1], energyLog: energyLog[bin], widthLog: widthLog[bin], y0, y1)
    }

    /// The integral over one bin from its edges and logs.
    @inline(__always)
    static func integral(x0: Double, x1: Double, energyLog: Double, widthLog: Double, _ y0: Double, _ y1: Double) -> Double {
        integral(x0: x0, x1: x1, energyLog: energyLog, widthLog: widthLog, y0, y1, logRatio: clippedLog(y0 / y1))
    }

    /// The same with `logRatio` = `clippedLog(y0 / y1)` given.
    @inline(__always)
    static func integral(x0: Double, x1: Double, energyLog: Double, widthLog: Double, _ y0: Double, _ y1: Double,
                         logRatio: Double) -> Double {
        var index = -logRatio / energyLog
        if index.isNaN { index = .infinity }
        let val = -1 * index + 1
        if Swift.abs(val) <= 1e-8 { return y0 * x0 * widthLog }
        if y0 > 0 && y1 > 0 && y0.isFinite && y1.isFinite {
            return (x1 * y1 - x0 * y0) / val
        }
        // Gammapy's formula as written (zero rates: 0, possibly −0)
        let prefactor = y0 * x0 / val
        return prefactor * (Foundation.pow(x1 / x0, val) - Foundation.pow(x0 / x0, val))
    }

    /// The same integrals read from the arrays without bounds checks, for the per-pixel loops.
    struct Buffers {
        let edges: UnsafeBufferPointer<Double>
        let energyLog: UnsafeBufferPointer<Double>
        let widthLog: UnsafeBufferPointer<Double>

        /// With `logRatio` = `clippedLog(y0 / y1)` given.
        @inline(__always)
        func callAsFunction(_ bin: Int, _ y0: Double, _ y1: Double, logRatio: Double) -> Double {
            LogLogIntegral.integral(x0: edges[bin], x1: edges[bin + 1], energyLog: energyLog[bin], widthLog: widthLog[bin],
                                    y0, y1, logRatio: logRatio)
        }
    }

    func withBuffers<R>(_ body: (Buffers) throws -> R) rethrows -> R {
        try edges.withUnsafeBufferPointer { e in
            try energyLog.withUnsafeBufferPointer { l in
                try widthLog.withUnsafeBufferPointer { w in try body(Buffers(edges: e, energyLog: l, widthLog: w)) }
            }
        }
    }
}
