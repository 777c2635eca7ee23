import Foundation
import GammaMaps

/// Gammapy's WStat for ON/OFF counts (`gammapy.stats.wstat`): the Poisson likelihood of the ON
/// counts `n` and OFF counts `n_off` with the background profiled out, for a known signal
/// prediction `μ_sig` and exposure ratio `α`, as −2 log L; with `extraTerms` (Gammapy's
/// default) the model-independent terms that make it a goodness of fit. The statistic of an
/// on/off spectrum and of its summary.
public enum WStatStatistic {
    /// The background in the OFF region that maximises the likelihood (Gammapy's
    /// `get_wstat_mu_bkg`): (C + D) / (2α(α + 1)), C = α(n + n_off) − (1 + α) μ_sig,
    /// D = √(C² + 4α(α + 1) n_off μ_sig).
    @inlinable
    public static func backgroundEstimate(counts n: Double, countsOff nOff: Double, alpha: Double, npredSignal mu: Double) -> Double {
        let c = alpha * (n + nOff) - (1 + alpha) * mu
        let d = (c * c + 4 * alpha * (alpha + 1) * nOff * mu).squareRoot()
        return (c + d) / (2 * alpha * (alpha + 1))
    }

    /// The statistic of one bin; the log terms are left out where their counts are zero, as
    /// Gammapy's `np.where`, so a bin without counts and prediction gives 0.
    @inlinable
    public static func value(counts n: Double, countsOff nOff: Double, alpha: Double, npredSignal mu: Double,
                             extraTerms: Bool = true) -> Double {
        let muBkg = backgroundEstimate(counts: n, countsOff: nOff, alpha: alpha, npredSignal: mu)
        let term1 = mu + (1 + alpha) * muBkg
        let term2 = n == 0 ? 0 : -n * Foundation.log(mu + alpha * muBkg)
        let term3 = nOff == 0 ? 0 : -nOff * Foundation.log(muBkg)
        var stat = 2 * (term1 + term2 + term3)
        if extraTerms {
            var gof = 0.0
            if n != 0 { gof += -n * (1 - Foundation.log(n)) }
            if nOff != 0 { gof += -nOff * (1 - Foundation.log(nOff)) }
            stat += 2 * gof
        }
        return stat
    }

    /// Gammapy's `WStatFitStatistic.stat_sum_dataset` over the bins where `mask` is true (all
    /// when nil): numpy's pairwise sum of the per-bin statistics (`nan_to_num`ed, as Gammapy applies it to every bin) in the order
    /// given. (A dataset without OFF counts has no safe bin, and Gammapy's statistic is then 0.)
    public static func sum(counts: [Double], countsOff: [Double], alpha: [Double], npredSignal: [Double], mask: [Bool]?) -> Double {
        precondition(counts.count == countsOff.count && counts.count == alpha.count && counts.count == npredSignal.count,
                     "counts, counts_off, alpha and npred_signal must have the same length")
        var values: [Double] = []
        values.reserveCapacity(counts.count)
        for i in counts.indices where mask?[i] ?? true {
            values.append(NumpyCompat.nanToNum(value(counts: counts[i], countsOff: countsOff[i], alpha: alpha[i], npredSignal: npredSignal[i])))
        }
        return NumpyCompat.sum(values)
    }
}
