import Datasets
import Foundation
import GammaMaps

/// Gammapy's `ExcessMapEstimator` for on/off sky maps: correlated counts, excess and Li & Ma
/// significance (WStat √TS) in a top-hat of `correlationRadius` degrees around each pixel.
///
/// With OFF counts correlated too (Gammapy's default `correlate_off`): n_on = rint(conv(counts ×
/// mask)), n_off = conv(counts_off × mask), α = conv(α·counts_off × mask, 0 where acceptance_off
/// is 0) / n_off, excess = n_on − α n_off, TS = max(WStat(μ_sig = 0) − WStat(μ_sig = excess), 0),
/// significance = sign(excess) √TS; NaN outside the mask (the fit mask, else the safe mask). No
/// models are used (μ_sig = 0). The dataset must have one reconstructed-energy bin, as a ring
/// background dataset has; Gammapy would first sum the energy bins.
public struct ExcessMapEstimator: Sendable {
    public let correlationRadius: Double

    public init(correlationRadius: Double = 0.1) throws {
        guard correlationRadius.isFinite, correlationRadius > 0 else {
            throw MapMakingError(.invalidSelection, "ExcessMapEstimator: correlation_radius must be > 0 deg, got \(correlationRadius)")
        }
        self.correlationRadius = correlationRadius
    }

    /// The maps Gammapy's estimator returns, by its names.
    public struct Maps: Sendable {
        public var npred: WcsNDMap<Double>
        public var npredExcess: WcsNDMap<Double>
        public var npredBackground: WcsNDMap<Double>
        public var countsOff: WcsNDMap<Double>
        public var alpha: WcsNDMap<Double>
        public var ts: WcsNDMap<Double>
        public var sqrtTS: WcsNDMap<Double>

        /// (HDU name, map) in the order they are written.
        public var named: [(String, WcsNDMap<Double>)] {
            [("SQRT_TS", sqrtTS), ("NPRED_EXCESS", npredExcess), ("NPRED", npred), ("NPRED_BACKGROUND", npredBackground),
             ("COUNTS_OFF", countsOff), ("ALPHA", alpha), ("TS", ts)]
        }
    }

    /// astropy's `Tophat2DKernel(radius / pixel)`, pixel the mean |CDELT|.
    public static func tophatKernel(radius: Double, geom: WcsGeom) throws -> ConvolutionKernel {
        try .tophat(radius: radius / ((abs(geom.wcs.cdelt[0]) + abs(geom.wcs.cdelt[1])) / 2))
    }

    /// The maps of a dataset with a background map (Cash statistic, Gammapy's estimator on a
    /// MapDataset such as a stacked ring reduction): n_on = rint(conv(counts × mask)), background
    /// = conv(npred_background × mask), excess = n_on − background, TS = max(Cash(n_on,
    /// background) − Cash(n_on, n_on), 0); NaN outside the mask. OFF counts and α are NaN.
    /// - Throws: `MapMakingError` without counts or background, or with more than one energy bin.
    public func run(_ dataset: MapDataset<WcsGeom>) throws -> Maps {
        guard let counts = dataset.counts, let background = try dataset.npredBackground() else {
            throw MapMakingError(.missingGeometry, "ExcessMapEstimator: the dataset '\(dataset.name)' needs counts and a background")
        }
        let (mask, kernel) = try prepare(counts, maskFit: dataset.maskFit, maskSafe: dataset.maskSafe, name: dataset.name)
        let nOn = try convolved(counts.data, on: counts, mask: mask, kernel: kernel).map { $0.rounded(.toNearestOrEven) }
        let mu = try convolved(background.data, on: counts, mask: mask, kernel: kernel)
        let n = counts.data.count
        var npred = [Double](repeating: .nan, count: n), excessMap = npred, backgroundMap = npred, tsMap = npred, sqrtTS = npred
        for k in 0..<n where mask[k] {
            let excess = nOn[k] - mu[k]
            let difference = CashStatistic.value(counts: nOn[k], npred: mu[k]) - CashStatistic.value(counts: nOn[k], npred: nOn[k])
            let ts = difference.isNaN ? .nan : Swift.max(difference, 0)
            npred[k] = nOn[k]; excessMap[k] = excess; backgroundMap[k] = mu[k]; tsMap[k] = ts
            sqrtTS[k] = Self.sign(excess) * ts.squareRoot()
        }
        let none = [Double](repeating: .nan, count: n)
        func map(_ values: [Double]) throws -> WcsNDMap<Double> { try WcsNDMap(geom: counts.geom, data: values, unit: "") }
        return Maps(npred: try map(npred), npredExcess: try map(excessMap), npredBackground: try map(backgroundMap),
                    countsOff: try map(none), alpha: try map(none), ts: try map(tsMap), sqrtTS: try map(sqrtTS))
    }

    /// numpy's `sign`: NaN stays NaN.
    static func sign(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? .nan : 0)) }

    /// The estimator's mask (the fit mask, else the safe mask, else everything) and top-hat kernel.
    func prepare(_ counts: WcsNDMap<Double>, maskFit: WcsNDMap<Bool>?, maskSafe: WcsNDMap<Bool>?, name: String) throws -> ([Bool], ConvolutionKernel) {
        let energy = try counts.geom.axes.axis(named: "energy")
        guard energy.nbin == 1 else {
            throw MapMakingError(.unsupported, "ExcessMapEstimator: the dataset '\(name)' has \(energy.nbin) energy bins; significance maps are made for one bin (a ring background dataset's)")
        }
        let mask = (maskFit ?? maskSafe)?.data ?? [Bool](repeating: true, count: counts.data.count)
        return (mask, try Self.tophatKernel(radius: correlationRadius, geom: counts.geom))
    }

    /// conv(values × mask), stored as float32 as Gammapy's convolved maps are.
    func convolved(_ values: [Double], on like: WcsNDMap<Double>, mask: [Bool], kernel: ConvolutionKernel) throws -> [Double] {
        var map = like
        map.data = zip(values, mask).map { $1 ? $0 : 0 }
        return try map.convolved(with: kernel).data.map { Double(Float($0)) }
    }

    /// - Throws: `MapMakingError` for a dataset without counts or OFF counts, or with more than one
    ///   reconstructed-energy bin.
    public func run(_ onOff: MapDatasetOnOff<WcsGeom>) throws -> Maps {
        guard let counts = onOff.dataset.counts, let countsOff = onOff.countsOff else {
            throw MapMakingError(.missingGeometry, "ExcessMapEstimator: the dataset '\(onOff.name)' needs counts and OFF counts")
        }
        let (mask, kernel) = try prepare(counts, maskFit: onOff.dataset.maskFit, maskSafe: onOff.dataset.maskSafe, name: onOff.name)
        let alpha = onOff.alpha.data
        let background = zip(alpha, countsOff.data).enumerated().map { k, pair in onOff.acceptanceOff.data[k] == 0 ? 0 : pair.0 * pair.1 }
        let nOn = try convolved(counts.data, on: counts, mask: mask, kernel: kernel).map { $0.rounded(.toNearestOrEven) }
        let nOff = try convolved(countsOff.data, on: counts, mask: mask, kernel: kernel)
        let backgroundConvolved = try convolved(background, on: counts, mask: mask, kernel: kernel)
        let n = counts.data.count
        var npred = [Double](repeating: .nan, count: n), excessMap = npred, backgroundMap = npred, off = npred
        var alphaMap = npred, tsMap = npred, sqrtTS = npred
        for k in 0..<n where mask[k] {
            let a = backgroundConvolved[k] / nOff[k]
            let excess = nOn[k] - a * nOff[k]
            let null = WStatStatistic.value(counts: nOn[k], countsOff: nOff[k], alpha: a, npredSignal: 0)
            let best = WStatStatistic.value(counts: nOn[k], countsOff: nOff[k], alpha: a, npredSignal: excess)
            let difference = null - best
            let ts = difference.isNaN ? .nan : Swift.max(difference, 0)  // numpy's clip keeps NaN
            let sign = Self.sign(excess)
            npred[k] = nOn[k]; excessMap[k] = excess; backgroundMap[k] = a * nOff[k]; off[k] = nOff[k]
            alphaMap[k] = a; tsMap[k] = ts; sqrtTS[k] = sign * ts.squareRoot()
        }
        func map(_ values: [Double]) throws -> WcsNDMap<Double> { try WcsNDMap(geom: counts.geom, data: values, unit: "") }
        let out = Maps(npred: try map(npred), npredExcess: try map(excessMap), npredBackground: try map(backgroundMap),
                       countsOff: try map(off), alpha: try map(alphaMap), ts: try map(tsMap), sqrtTS: try map(sqrtTS))
        return out
    }
}
