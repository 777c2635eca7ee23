import Foundation

/// The Cash likelihood of a dataset's counts given its background template scaled by a
/// power-law norm model (Gammapy's `MapDataset.stat_sum` with only a `FoVBackgroundModel`):
/// in every bin of the fit mask, `μ = b × norm × (E / E_ref)^(−tilt)` with `E` the centre of
/// the bin's reconstructed-energy bin, negative `μ` set to zero, and `C = Σ cash(n, μ)`.
///
/// The bins are kept per energy plane. Because `μ` is the background times one factor per
/// plane, the statistic, its gradient and its Hessian need only per-plane sums of the counts
/// and background of bins with positive background (`N_e`, `B_e`); bins with zero, negative or
/// NaN background are truncated to 1e-25 by the Cash statistic and add a constant. Where a
/// plane has bins whose prediction falls below the truncation value at the current parameters
/// (background below ~1e-25), that plane is evaluated bin by bin, so the statistic is exactly
/// Gammapy's everywhere.
public struct BackgroundNormLikelihood: Sendable {
    /// Centres of the reconstructed-energy bins (one per plane), TeV.
    public let energies: [Double]
    /// Counts and background of the bins in the mask, per plane, in numpy (C) order.
    let counts: [[Double]]
    let background: [[Double]]
    /// Per plane, over bins with background > 0: sum of counts, sum of background, smallest
    /// background, and Σ n log b.
    let positiveCounts: [Double]
    let positiveBackground: [Double]
    let minimumPositiveBackground: [Double]
    let countsLogBackground: [Double]
    /// Per plane, the constant contribution (halved) of bins with background ≤ 0 or NaN:
    /// Σ (1e-25 − n log 1e-25).
    let truncatedTerm: [Double]

    /// A likelihood from flat maps in numpy order (`energies.count` planes of equal size).
    ///
    /// - Parameters:
    ///   - counts: Counts per bin.
    ///   - background: The background template per bin (before the norm model).
    ///   - mask: Bins that enter the statistic (Gammapy's `dataset.mask`, safe × fit); nil for all.
    ///   - energies: Reconstructed-energy bin centres in TeV, one per plane.
    public init(counts: [Double], background: [Double], mask: [Bool]?, energies: [Double]) {
        precondition(counts.count == background.count, "counts and background must have the same size")
        precondition(mask == nil || mask!.count == counts.count, "the mask must have the size of the maps")
        precondition(!energies.isEmpty && counts.count % energies.count == 0, "maps must hold one plane per energy")
        let plane = counts.count / energies.count
        self.energies = energies
        var n = [[Double]](), b = [[Double]]()
        var pn = [Double](), pb = [Double](), minB = [Double](), nlogb = [Double](), trunc = [Double]()
        for e in 0..<energies.count {
            var cn = [Double](), cb = [Double]()
            var sn = 0.0, sb = 0.0, mb = Double.infinity, snl = 0.0, st = 0.0
            for k in (e * plane)..<((e + 1) * plane) where mask?[k] ?? true {
                let nk = counts[k], bk = background[k]
                cn.append(nk)
                cb.append(bk)
                if bk > 0 {
                    sn += nk
                    sb += bk
                    mb = Swift.min(mb, bk)
                    if nk > 0 { snl += nk * Foundation.log(bk) }
                } else {
                    st += CashStatistic.truncationValue
                    if nk > 0 { st -= nk * CashStatistic.logTruncationValue }
                }
            }
            n.append(cn)
            b.append(cb)
            pn.append(sn)
            pb.append(sb)
            minB.append(mb)
            nlogb.append(snl)
            trunc.append(st)
        }
        self.counts = n
        self.background = b
        positiveCounts = pn
        positiveBackground = pb
        minimumPositiveBackground = minB
        countsLogBackground = nlogb
        truncatedTerm = trunc
    }

    /// Number of bins in the mask.
    public var binCount: Int { counts.reduce(0) { $0 + $1.count } }

    /// Counts in bins with positive background: the only counts the parameters can describe.
    public var fittableCounts: Double { positiveCounts.reduce(0, +) }

    /// Background in the mask (bins with positive background).
    public var fittableBackground: Double { positiveBackground.reduce(0, +) }

    /// The statistic exactly as Gammapy computes it (`MapDataset.stat_sum()`): the model
    /// factor per plane `norm × (E / reference)^(−tilt)`, `μ = b × factor`, negative `μ` set to
    /// zero, and the compiled Cash sum over the mask in numpy order.
    public func statSum(norm: Double, tilt: Double, reference: Double) -> Double {
        var n = [Double](), mu = [Double]()
        n.reserveCapacity(binCount)
        mu.reserveCapacity(binCount)
        for e in energies.indices {
            let factor = norm * pow(energies[e] / reference, -tilt)
            n.append(contentsOf: counts[e])
            for bk in background[e] {
                let m = bk * factor
                mu.append(m < 0 ? 0 : m)
            }
        }
        return CashStatistic.sum(counts: n, npred: mu)
    }

    /// Half the statistic, its gradient and Hessian in `x = (log norm, tilt)`, where the
    /// likelihood is that of a log-link Poisson model and so convex.
    struct Local {
        var value = 0.0
        var gradient = [0.0, 0.0]
        var hessian = [[0.0, 0.0], [0.0, 0.0]]
    }

    /// `F = C / 2` and its derivatives at `log norm = eta`, `tilt`, with `logEnergy[e] = log(E_e / E_ref)`.
    func local(eta: Double, tilt: Double, logEnergy: [Double]) -> Local {
        var out = Local()
        for e in energies.indices {
            out.value += truncatedTerm[e]
            guard positiveBackground[e] > 0 else { continue }
            let l = logEnergy[e]
            let logFactor = eta - tilt * l
            let factor = exp(logFactor)
            var model = 0.0, residual = 0.0
            if minimumPositiveBackground[e] * factor > CashStatistic.truncationValue {
                model = factor * positiveBackground[e]
                residual = model - positiveCounts[e]
                out.value += model - positiveCounts[e] * logFactor - countsLogBackground[e]
            } else {
                // Some bins of this plane fall below the truncation value: bin by bin.
                for (nk, bk) in zip(counts[e], background[e]) where bk > 0 {
                    let mu = bk * factor
                    if mu > CashStatistic.truncationValue {
                        model += mu
                        residual += mu - nk
                        out.value += mu - (nk > 0 ? nk * Foundation.log(mu) : 0)
                    } else {
                        out.value += CashStatistic.truncationValue - (nk > 0 ? nk * CashStatistic.logTruncationValue : 0)
                    }
                }
            }
            out.gradient[0] += residual
            out.gradient[1] -= l * residual
            out.hessian[0][0] += model
            out.hessian[0][1] -= l * model
            out.hessian[1][1] += l * l * model
        }
        out.hessian[1][0] = out.hessian[0][1]
        return out
    }
}
