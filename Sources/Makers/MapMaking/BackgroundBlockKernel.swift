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
    private let products: UnsafeMutableBufferPointer<Double>
    private let regular: UnsafeMutableBufferPointer<UInt64>, positiveFinite: UnsafeMutableBufferPointer<UInt64>
    private let logRatios: UnsafeMutableBufferPointer<Double>, denominators: UnsafeMutableBufferPointer<Double>
    private let quotients: UnsafeMutableBufferPointer<Double>

    init(nRange: Int, nEdges: Int) {
        self.nRange = nRange
        self.nEdges = nEdges
        nBins = Swift.max(nEdges - 1, 0)
        let w = Self.width
        func zeros(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        // all initialised: the lane loops read whole groups of lanes past a short last block's pixels
        slices = zeros(w * nRange)
        skip = .allocate(capacity: w)
        skip.initialize(repeating: false)
        scaledRates = zeros(w * nEdges)
        rates = zeros(w * nEdges)
        products = zeros(w * nEdges)
        regular = .allocate(capacity: w * nEdges)
        regular.initialize(repeating: 0)
        positiveFinite = .allocate(capacity: w * nEdges)
        positiveFinite.initialize(repeating: 0)
        logRatios = zeros(w * Swift.max(nBins, 1))
        denominators = zeros(w * Swift.max(nBins, 1))
        quotients = zeros(w * Swift.max(nBins, 1))
    }

    func deallocate() {
        for buffer in [slices, scaledRates, rates, products, logRatios, denominators, quotients] { buffer.deallocate() }
        regular.deallocate()
        positiveFinite.deallocate()
        skip.deallocate()
    }

    /// Four pixels' values, and their flags as lane masks (all ones or zero). The steps that test
    /// values are written on these: as plain loops over doubles beside flags, the compiler kept
    /// them scalar, with a branch for each `&` of conditions.
    typealias Lanes = SIMD4<Double>
    typealias LaneMask = SIMD4<UInt64>
    static let lanes = 4

    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> Lanes { UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
    @inline(__always) static func load(_ p: UnsafePointer<UInt64>) -> LaneMask { UnsafeRawPointer(p).loadUnaligned(as: LaneMask.self) }
    @inline(__always) static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self) }
    @inline(__always) static func store(_ v: LaneMask, _ p: UnsafeMutablePointer<UInt64>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: LaneMask.self) }
    @inline(__always) static func mask(_ m: SIMDMask<SIMD4<Int64>>) -> LaneMask { LaneMask(repeating: 0).replacing(with: ~0, where: m) }

    /// The integrals of the block's first `count` pixels, bin `e` of pixel `j` to
    /// `out[e * rowStride + j]`; pixels with `skip[j]` get `outsideIntegrals` instead.
    ///
    /// Each step computes its common case for every pixel in one branch-free loop (they
    /// vectorise) and notes whether any pixel needs the rare one (a rate that is not positive and
    /// finite, an index within 1e-8 of 1), which a second loop then computes for those pixels.
    /// The lane loops run over whole groups of four, past `count` in a short last block (on
    /// values left there, never written out).
    func integrate(count n: Int, energies: Energies, scale: InterpolationScale, fill: Double?,
                   outsideIntegrals: UnsafeBufferPointer<Double>?, out: UnsafeMutablePointer<Double>, rowStride: Int) {
        let w = Self.width, lanes = Self.lanes, groups = stride(from: 0, to: n, by: lanes)
        let slices = self.slices.baseAddress!, scaledRates = scaledRates.baseAddress!, rates = rates.baseAddress!
        let regular = regular.baseAddress!, positiveFinite = positiveFinite.baseAddress!, logRatios = logRatios.baseAddress!, products = products.baseAddress!
        let denominators = denominators.baseAddress!, quotients = quotients.baseAddress!
        // the rates at the edges, as IRF.evaluate: energy interpolation, back from the value scale
        for e in 0..<nEdges {
            let y = energies.fraction[e], u = 1 - y
            let lower = slices + energies.lowerSlot[e] * w, upper = slices + energies.upperSlot[e] * w
            let row = scaledRates + e * w
            for j in 0..<n { row[j] = (0 + lower[j] * u) + upper[j] * y }
        }
        let logScale = scale == .log
        if logScale {
            // all rows at once, lanes past `count` too (one call, whole vectors)
            LibmRoutines.exp(scaledRates, into: rates, count: nEdges * w)
        }
        for e in 0..<nEdges {
            let from = scaledRates + e * w, to = rates + e * w
            if logScale {
                for j in 0..<n { to[j] = InterpolationScale.fromExponential(to[j]) }
            } else {
                for j in 0..<n { to[j] = scale.inverse(from[j]) }
            }
        }
        // clipped at zero; the fill value outside the energy axis and for non-finite rates. A rate
        // straight from the log scale is "regular": its log is the interpolated value. (After
        // the clip a value is ≥ 0 or NaN. "Finite" is tested as `v·0 = 0`: written as `v < ∞`
        // beside `v > 0`, the compiler merged the two into a test of the bits, 64-bit integer
        // comparisons that SSE2 does not have.)
        let logScaleMask = LaneMask(repeating: logScale ? ~0 : 0), zero = Lanes(repeating: 0)
        for e in 0..<nEdges {
            let row = rates + e * w, flags = regular + e * w, usable = positiveFinite + e * w
            if let fill, energies.outside[e] {
                let usableFill: UInt64 = fill > 0 && fill.isFinite ? ~0 : 0
                for j in 0..<n { row[j] = fill; flags[j] = 0; usable[j] = usableFill }
                continue
            }
            let fillValue = Lanes(repeating: fill ?? 0), hasFill = fill != nil
            for j in groups {
                let v = Self.load(row + j)
                let clipped = v.replacing(with: 0, where: v .< zero)
                let finite = clipped * zero .== zero
                let positive = Self.mask((clipped .> zero) .& finite)
                Self.store(positive, usable + j)
                Self.store(logScaleMask & positive, flags + j)
                Self.store(hasFill ? clipped.replacing(with: fillValue, where: .!finite) : clipped, row + j)
            }
        }
        // log(y₀/y₁) of two regular rates is the difference of their logs (to rounding),
        // without a library call; the others take the logarithm of the ratio
        for e in 0..<nBins {
            let s0 = scaledRates + e * w, s1 = s0 + w, g0 = regular + e * w, g1 = g0 + w
            let ratio = logRatios + e * w
            var irregular = LaneMask(repeating: 0)
            for j in groups {
                Self.store(Self.load(s0 + j) - Self.load(s1 + j), ratio + j)
                irregular |= ~(Self.load(g0 + j) & Self.load(g1 + j))
            }
            guard irregular != LaneMask(repeating: 0) else { continue }
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
        let threshold = Lanes(repeating: 1e-8)
        for e in 0..<nBins {
            let r0 = rates + e * w, r1 = r0 + w, val = denominators + e * w
            let q = quotients + e * w, ratio = logRatios + e * w, flags = regular + e * w
            let usable0 = positiveFinite + e * w, usable1 = usable0 + w
            let target = out + e * rowStride
            var uncommon = LaneMask(repeating: 0)
            for j in groups {
                let v = Self.load(val + j)
                // |v| > 1e-8 (false for NaN, as with `abs`), both rates positive and finite
                let common = Self.mask((v .> threshold) .| (v .< -threshold)) & Self.load(usable0 + j) & Self.load(usable1 + j)
                Self.store(common, flags + j)
                uncommon |= ~common
            }
            target.update(from: q, count: n)
            guard uncommon != LaneMask(repeating: 0) else { continue }
            for j in 0..<n where flags[j] == 0 { target[j] = integral(e, r0[j], r1[j], logRatio: ratio[j]) }
        }
        if let outsideIntegrals {
            for j in 0..<n where skip[j] {
                for e in 0..<nBins { out[e * rowStride + j] = outsideIntegrals[e] }
            }
        }
    }
}
