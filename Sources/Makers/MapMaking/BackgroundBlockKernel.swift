import GammaMaps

/// The per-pixel steps of `BackgroundEvaluation.integrate` done for a block of pixels at a time:
/// rates at the energy edges from the pixels' spatially interpolated values, their log-log
/// integrals over the bins.
///
/// Each step is one loop over the block, on buffers laid out `[edge or bin][pixel]`, where one
/// pixel at a time made a dozen loops of a dozen iterations each (their overhead and the two
/// dependent divisions of each bin, not the arithmetic, took the time). Every value is computed
/// by the same operations in the same order as for a single pixel, so the results are the same
/// to the bit.
struct BackgroundBlockKernel {
    /// Pixels in a block.
    static let width = 64

    /// The energy side, the same for every pixel: for each edge the two energy centres it lies
    /// between (slots in a pixel's `slices` row) and its fraction of the way, whether it is
    /// outside the energy axis; the integral's per-bin constants.
    struct Energies {
        let lowerSlot: UnsafeBufferPointer<Int>
        let upperSlot: UnsafeBufferPointer<Int>
        let fraction: UnsafeBufferPointer<Double>
        let outside: UnsafeBufferPointer<Bool>
        let integral: LogLogIntegral.Buffers
    }

    let nRange: Int, nEdges: Int, nBins: Int
    /// `[energy centre][pixel]`: the spatially interpolated (scaled) values, filled by the caller.
    let slices: UnsafeMutableBufferPointer<Double>
    /// Per pixel, set by the caller: outside the spatial axes, when there is a fill value (the only
    /// case where being outside them changes a rate); their integrals are the same for all.
    let skip: UnsafeMutableBufferPointer<Bool>
    private let scaledRates: UnsafeMutableBufferPointer<Double>, rates: UnsafeMutableBufferPointer<Double>
    private let products: UnsafeMutableBufferPointer<Double>, regular: UnsafeMutableBufferPointer<UInt8>
    private let logRatios: UnsafeMutableBufferPointer<Double>, denominators: UnsafeMutableBufferPointer<Double>
    private let quotients: UnsafeMutableBufferPointer<Double>

    init(nRange: Int, nEdges: Int) {
        self.nRange = nRange
        self.nEdges = nEdges
        nBins = Swift.max(nEdges - 1, 0)
        let w = Self.width
        slices = .allocate(capacity: w * nRange)
        slices.initialize(repeating: 0)
        skip = .allocate(capacity: w)
        skip.initialize(repeating: false)
        scaledRates = .allocate(capacity: w * nEdges)
        rates = .allocate(capacity: w * nEdges)
        products = .allocate(capacity: w * nEdges)
        regular = .allocate(capacity: w * nEdges)
        logRatios = .allocate(capacity: w * Swift.max(nBins, 1))
        denominators = .allocate(capacity: w * Swift.max(nBins, 1))
        quotients = .allocate(capacity: w * Swift.max(nBins, 1))
    }

    @inline(__always) static func bit(_ condition: Bool) -> UInt8 { condition ? 1 : 0 }

    func deallocate() {
        for buffer in [slices, scaledRates, rates, products, logRatios, denominators, quotients] { buffer.deallocate() }
        regular.deallocate()
        skip.deallocate()
    }

    /// The integrals of the block's first `count` pixels, bin `e` of pixel `j` to
    /// `out[e * rowStride + j]`; pixels with `skip[j]` get `outsideIntegrals` instead.
    ///
    /// Each step computes its common case for every pixel in one branch-free loop (they
    /// vectorise) and notes whether any pixel needs the rare one (a rate that is not positive and
    /// finite, an index within 1e-8 of 1), which a second loop then computes for those pixels.
    func integrate(count n: Int, energies: Energies, scale: InterpolationScale, fill: Double?,
                   outsideIntegrals: UnsafeBufferPointer<Double>?, out: UnsafeMutablePointer<Double>, rowStride: Int) {
        let w = Self.width
        let slices = self.slices.baseAddress!, scaledRates = scaledRates.baseAddress!, rates = rates.baseAddress!
        let regular = regular.baseAddress!, logRatios = logRatios.baseAddress!, products = products.baseAddress!
        let denominators = denominators.baseAddress!, quotients = quotients.baseAddress!
        // the rates at the edges, as IRF.evaluate: energy interpolation, back from the value scale
        for e in 0..<nEdges {
            let y = energies.fraction[e], u = 1 - y
            let lower = slices + energies.lowerSlot[e] * w, upper = slices + energies.upperSlot[e] * w
            let row = scaledRates + e * w
            for j in 0..<n { row[j] = (0 + lower[j] * u) + upper[j] * y }
        }
        let logScale = scale == .log
        for e in 0..<nEdges {
            let from = scaledRates + e * w, to = rates + e * w
            if logScale {
                let exp = LibmRoutines.exp
                for j in 0..<n { to[j] = InterpolationScale.fromExponential(exp(from[j])) }
            } else {
                for j in 0..<n { to[j] = scale.inverse(from[j]) }
            }
        }
        // clipped at zero; the fill value outside the energy axis and for non-finite rates. A rate
        // straight from the log scale is "regular": its log is the interpolated value. (Flags as
        // bytes and conditions as selects: no branch per value. After the clip a value is ≥ 0 or
        // NaN, so `< ∞` is "finite", and `> 0` with it "positive and finite".)
        let logScaleBit: UInt8 = logScale ? 1 : 0
        for e in 0..<nEdges {
            let row = rates + e * w, flags = regular + e * w
            if let fill, energies.outside[e] {
                for j in 0..<n { row[j] = fill; flags[j] = 0 }
                continue
            }
            let hasFill = fill != nil, fillValue = fill ?? 0
            for j in 0..<n {
                let v = row[j]
                let clipped = v < 0 ? 0 : v
                let finite = clipped < .infinity
                flags[j] = logScaleBit & Self.bit(clipped > 0) & Self.bit(finite)
                row[j] = finite || !hasFill ? clipped : fillValue
            }
        }
        // log(y₀/y₁) of two regular rates is the difference of their logs (to rounding),
        // without a library call; the others take the logarithm of the ratio
        for e in 0..<nBins {
            let s0 = scaledRates + e * w, s1 = s0 + w, g0 = regular + e * w, g1 = g0 + w
            let ratio = logRatios + e * w
            var irregular: UInt8 = 0
            for j in 0..<n {
                ratio[j] = s0[j] - s1[j]
                irregular |= 1 &- (g0[j] & g1[j])
            }
            guard irregular != 0 else { continue }
            let r0 = rates + e * w, r1 = r0 + w
            for j in 0..<n where g0[j] & g1[j] == 0 { ratio[j] = LogLogIntegral.clippedLog(r0[j] / r1[j]) }
        }
        // `LogLogIntegral.integral`'s common case, (x₁y₁ − x₀y₀)/(1 − Γ), for every bin, then
        // where that case does not apply, the function itself
        let integral = energies.integral
        for e in 0..<nEdges {
            let x = integral.edges[e], row = rates + e * w, product = products + e * w
            for j in 0..<n { product[j] = x * row[j] }
        }
        for e in 0..<nBins {
            let energyLog = integral.energyLog[e]
            let ratio = logRatios + e * w, val = denominators + e * w
            let p0 = products + e * w, p1 = p0 + w, q = quotients + e * w
            for j in 0..<n { val[j] = -1 * (-ratio[j] / energyLog) + 1 }
            for j in 0..<n { q[j] = (p1[j] - p0[j]) / val[j] }
        }
        for e in 0..<nBins {
            let r0 = rates + e * w, r1 = r0 + w, val = denominators + e * w
            let q = quotients + e * w, ratio = logRatios + e * w, flags = regular + e * w
            let target = out + e * rowStride
            var uncommon: UInt8 = 0
            for j in 0..<n {
                let y0 = r0[j], y1 = r1[j]
                let common = Self.bit(Swift.abs(val[j]) > 1e-8) & Self.bit(y0 > 0) & Self.bit(y0 < .infinity)
                    & Self.bit(y1 > 0) & Self.bit(y1 < .infinity)
                flags[j] = common
                uncommon |= 1 &- common
                target[j] = q[j]
            }
            guard uncommon != 0 else { continue }
            for j in 0..<n where flags[j] == 0 { target[j] = integral(e, r0[j], r1[j], logRatio: ratio[j]) }
        }
        if let outsideIntegrals {
            for j in 0..<n where skip[j] {
                for e in 0..<nBins { out[e * rowStride + j] = outsideIntegrals[e] }
            }
        }
    }
}
