import Foundation
import IRF

/// Gammapy's `WStatCountsStatistic` for one bin (no signal model, `mu_sig = 0`): the excess of
/// ON counts over α × OFF counts, its Li & Ma significance and its asymmetric errors, as the
/// theta² table and the ON/OFF summaries report them.
public struct WStatCountsStatistic: Sendable, Equatable {
    public let nOn: Double
    public let nOff: Double
    public let alpha: Double

    public init(nOn: Double, nOff: Double, alpha: Double) {
        (self.nOn, self.nOff, self.alpha) = (nOn, nOff, alpha)
    }

    /// The excess n_on − α n_off.
    public var nSig: Double { nOn - alpha * nOff }
    /// √(n_on + α² n_off), the covariance estimate that sets the error search range.
    public var error: Double { (nOn + alpha * alpha * nOff).squareRoot() }
    var statNull: Double { WStatStatistic.value(counts: nOn, countsOff: nOff, alpha: alpha, npredSignal: 0) }
    var statMax: Double { WStatStatistic.value(counts: nOn, countsOff: nOff, alpha: alpha, npredSignal: nSig) }

    /// max(stat_null − stat_max, 0); NaN stays NaN, as numpy's clip.
    public var ts: Double {
        let difference = statNull - statMax
        return difference.isNaN ? .nan : Swift.max(difference, 0)
    }

    /// sign(excess) √TS.
    public var sqrtTS: Double {
        let s = nSig
        return (s > 0 ? 1 : (s < 0 ? -1 : (s.isNaN ? .nan : 0))) * ts.squareRoot()
    }

    /// The distance below the excess at which the statistic rises by `nSigma`² (Gammapy's
    /// `compute_errn`: one Brent search from excess − 2 nσ (error + 1) to the excess); n_on
    /// when there is no root there.
    public func errn(nSigma: Double = 1) -> Double {
        let root = firstRoot(of: shiftedStatistic(nSigma), lower: nSig - 2 * nSigma * (error + 1), upper: nSig, nbin: 1, logScale: false)
        return root.isNaN ? nOn : nSig - root
    }

    /// The distance above the excess at which the statistic rises by `nSigma`² (`compute_errp`);
    /// NaN when there is no root up to excess + 2 nσ (error + 1).
    public func errp(nSigma: Double = 1) -> Double {
        firstRoot(of: shiftedStatistic(nSigma), lower: nSig, upper: nSig + 2 * nSigma * (error + 1), nbin: 1, logScale: false) - nSig
    }

    private func shiftedStatistic(_ nSigma: Double) -> (Double) -> Double {
        let delta = statMax + nSigma * nSigma
        return { [nOn, nOff, alpha] mu in WStatStatistic.value(counts: nOn, countsOff: nOff, alpha: alpha, npredSignal: mu) - delta }
    }
}
