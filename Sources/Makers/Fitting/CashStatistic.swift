import Foundation

/// Gammapy's Cash statistic for Poisson counts `n` with a known prediction `μ`
/// (`gammapy.stats.cash`, and the compiled sum `MapDataset.stat_sum` uses for `stat_type="cash"`):
/// `C = 2 Σ (μ − n log μ)`, a −2 log L statistic (so parameter errors use errordef 1).
///
/// Predictions at or below the truncation value 1e-25 (zero or negative predictions, and NaN
/// in the compiled sum) count as 1e-25, so the statistic stays finite where the model predicts
/// nothing. Gammapy's compiled sum takes the log of the truncation value after rounding it to
/// float32 (its Cython declares `float log(float)`); `logTruncationValue` reproduces that.
public enum CashStatistic {
    /// Gammapy's `TRUNCATION_VALUE`.
    public static let truncationValue = 1e-25
    /// `log(float32(1e-25))` in double precision, the value Gammapy's compiled sum uses.
    public static let logTruncationValue = Foundation.log(Double(Float(1e-25)))

    /// The statistic of one bin as Gammapy's `cash(n_on, mu_on)`: `2 (μ − n log μ)` with `μ`
    /// raised to 1e-25 where it is smaller.
    @inlinable
    public static func value(counts n: Double, npred mu: Double) -> Double {
        let m = mu <= truncationValue ? truncationValue : mu
        return 2 * (m - n * Foundation.log(m))
    }

    /// The summed statistic exactly as Gammapy's `cash_sum_cython` computes it: one running
    /// double sum in the order given, `μ` replaced by the truncation value unless `μ > 1e-25`
    /// (NaN included), the log term only for positive counts.
    public static func sum(counts: [Double], npred: [Double]) -> Double {
        precondition(counts.count == npred.count, "counts and npred must have the same length")
        var total = 0.0
        counts.withUnsafeBufferPointer { n in
            npred.withUnsafeBufferPointer { mu in
                for i in 0..<n.count {
                    var npr = mu[i]
                    let lognpr: Double
                    if npr > truncationValue {
                        lognpr = Foundation.log(npr)
                    } else {
                        npr = truncationValue
                        lognpr = logTruncationValue
                    }
                    total += npr
                    if n[i] > 0 { total -= n[i] * lognpr }
                }
            }
        }
        return 2 * total
    }
}
