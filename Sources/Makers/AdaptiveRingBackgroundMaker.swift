import DL3
import Datasets
import Foundation
import GammaMaps

/// Gammapy's `AdaptiveRingBackgroundMaker`: the ring background with, for each pixel, the first
/// of a series of growing rings whose approximate α = acceptance / acceptance_off is at most
/// `thresholdAlpha`; pixels that no ring satisfies get NaN OFF counts and acceptances (they stay
/// in the safe mask, as Gammapy leaves them: NaN ≤ 0 is false, and α becomes 0).
///
/// The rings (`fixedWidth`: inner radii from `rIn` in steps of `stepsize` below `rOutMax − width`;
/// `fixedRIn`: widths from `width` below `rOutMax − rIn`) are counted in pixels first, as Gammapy
/// does. As in Gammapy 2.1 the acceptance is the background convolved with a top-hat of radius
/// θ × pixel size read as pixels — a single pixel for any sensible θ — so `theta` has no effect.
/// Each energy plane gets its own rings (Gammapy uses plane 0 for all of them); OFF counts and
/// acceptances are the float64 sums of float32 inputs, as Gammapy's cubes are.
public struct AdaptiveRingBackgroundMaker: OnOffBackgroundMaker {
    public static let tag = "AdaptiveRingBackgroundMaker"

    public enum Method: String, Sendable, CaseIterable {
        case fixedWidth = "fixed_width"
        case fixedRIn = "fixed_r_in"
    }

    public let rIn: Double
    public let rOutMax: Double
    public let width: Double
    public let stepsize: Double
    public let thresholdAlpha: Double
    public let theta: Double
    public let method: Method
    public let exclusionMask: WcsNDMap<Bool>?

    /// Degrees throughout; Gammapy's defaults.
    /// - Throws: `MapMakingError(.invalidSelection)` for a negative radius, a width, step or θ ≤ 0.
    public init(rIn: Double, rOutMax: Double, width: Double, stepsize: Double = 0.02, thresholdAlpha: Double = 0.1,
                theta: Double = 0.22, method: Method = .fixedWidth, exclusionMask: WcsNDMap<Bool>? = nil) throws {
        for (name, value, minimum) in [("r_in", rIn, 0.0), ("r_out_max", rOutMax, 0), ("width", width, .ulpOfOne),
                                       ("stepsize", stepsize, .ulpOfOne), ("theta", theta, .ulpOfOne)]
        where !(value.isFinite && value >= minimum) {
            throw MapMakingError(.invalidSelection, "AdaptiveRingBackgroundMaker: \(name) must be \(minimum == 0 ? "≥" : ">") 0 deg, got \(value)")
        }
        guard thresholdAlpha.isFinite, thresholdAlpha > 0 else {
            throw MapMakingError(.invalidSelection, "AdaptiveRingBackgroundMaker: threshold_alpha must be > 0, got \(thresholdAlpha)")
        }
        (self.rIn, self.rOutMax, self.width, self.stepsize) = (rIn, rOutMax, width, stepsize)
        (self.thresholdAlpha, self.theta, self.method, self.exclusionMask) = (thresholdAlpha, theta, method, exclusionMask)
    }

    /// The rings in the order they are tried.
    /// - Throws: `MapMakingError(.invalidSelection)` when `rOutMax` leaves room for none.
    public func kernels(geom: WcsGeom) throws -> [ConvolutionKernel] {
        let scale = geom.pixelScales.lon
        let inner = rIn / scale, outerMax = rOutMax / scale, ringWidth = width / scale, step = stepsize / scale
        // numpy's arange(start, stop, step): ⌈(stop − start) / step⌉ values start + i × step
        func arange(_ start: Double, _ stop: Double) -> [Double] {
            let n = Swift.max(Int(((stop - start) / step).rounded(.up)), 0)
            return (0..<n).map { start + Double($0) * step }
        }
        let rings: [(Double, Double)] = switch method {
        case .fixedWidth: arange(inner, outerMax - ringWidth).map { ($0, ringWidth) }
        case .fixedRIn: arange(ringWidth, outerMax - inner).map { (inner, $0) }
        }
        guard !rings.isEmpty else {
            throw MapMakingError(.invalidSelection, "AdaptiveRingBackgroundMaker: no ring fits between r_in \(rIn) deg and r_out_max \(rOutMax) deg with width \(width) deg")
        }
        return try rings.map { try .ring(innerRadius: $0.0, width: $0.1) }
    }

    /// The on/off dataset, as `RingBackgroundMaker.run` makes it.
    /// - Throws: `MapMakingError` without counts or background, or without a ring that fits.
    public func run(_ dataset: MapDataset<WcsGeom>) throws -> MapDatasetOnOff<WcsGeom> {
        guard let counts = dataset.counts, let background = try dataset.npredBackground() else {
            throw MapMakingError(.missingGeometry, "AdaptiveRingBackgroundMaker: the dataset '\(dataset.name)' needs counts and a background map")
        }
        let kernels = try kernels(geom: counts.geom)
        let usable = try RingOnOff.usable(exclusionMask, on: counts.geom)
        // the ring sums' inputs, outside the exclusion and cast to float32 as Gammapy's scale_cube does, once for every ring
        func excluded(_ map: WcsNDMap<Double>) -> WcsNDMap<Double> {
            var input = map
            input.data = zip(map.data, usable.data).map { $1 ? Double(Float($0)) : 0 }
            return input
        }
        let countsExcluded = excluded(counts), backgroundExcluded = excluded(background)
        let scale = counts.geom.pixelScales.lon
        let tophat = try ConvolutionKernel.tophat(radius: theta * scale)  // Gammapy 2.1's radius (see above)
        let acceptanceAll = try background.convolved(with: tophat).data.map { Double(Float($0)) }

        let n = counts.data.count
        var countsOff = [Double](repeating: .nan, count: n), acceptanceOff = countsOff, acceptance = countsOff
        var open = n
        for kernel in kernels where open > 0 {
            let off = try countsExcluded.convolved(with: kernel).data
            let offAcceptance = try backgroundExcluded.convolved(with: kernel).data
            for k in 0..<n where countsOff[k].isNaN {
                let alpha = offAcceptance[k] > 0 ? acceptanceAll[k] / offAcceptance[k] : .infinity
                guard alpha <= thresholdAlpha else { continue }
                (countsOff[k], acceptanceOff[k], acceptance[k]) = (off[k], offAcceptance[k], acceptanceAll[k])
                open -= 1
            }
        }
        func map(_ values: [Double]) throws -> WcsNDMap<Double> { try WcsNDMap(geom: counts.geom, data: values, unit: "") }
        return RingOnOff.dataset(dataset, countsOff: try map(countsOff), acceptance: try map(acceptance),
                                 acceptanceOff: try map(acceptanceOff), storage: .float64)
    }

    /// In a chain that stacks into a MapDataset: the on/off dataset converted with `toMapDataset`.
    public func run(_ dataset: MapDataset<WcsGeom>, observation: Observation) throws -> MapDataset<WcsGeom> {
        try run(dataset).toMapDataset()
    }
}
