import Datasets
import Foundation

/// The outcome of fitting a `BackgroundNormModel` to counts (Gammapy's `Fit.run` on a dataset
/// whose only model is its `FoVBackgroundModel`).
public struct BackgroundNormFitResult: Sendable, Equatable {
    /// The model at the minimum, with errors from the covariance (frozen parameters keep
    /// their value and error).
    public var model: BackgroundNormModel
    /// Covariance of (tilt, norm, reference), Gammapy's parameter order; rows and columns of
    /// frozen parameters are zero.
    public var covariance: [[Double]]
    /// The Cash statistic at the minimum, as Gammapy's `total_stat`.
    public var totalStat: Double
    /// Whether a minimum was found (Gammapy's `fit_result.success`).
    public var success: Bool
    public var message: String
    /// Newton iterations taken.
    public var iterations: Int
    /// Estimated distance to the minimum (MINUIT's EDM, `½ gᵀ V g` of the statistic) at the
    /// result; Gammapy's MIGRAD stops below 2e-4.
    public var edm: Double
    /// True when norm and tilt cannot be told apart (all background in the fit region in one
    /// energy bin): the minimum is a line, the point returned is the one nearest the start, and
    /// the errors are infinite.
    public var degenerate: Bool
}

/// Errors of the background-norm fit that Gammapy also raises.
public struct BackgroundNormFitError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public var description: String { "background norm fit: \(message)" }
}

/// A Newton minimiser for the Cash likelihood of a `BackgroundNormModel` (one or two free
/// parameters, norm and tilt), converged far below MINUIT's tolerance so that the result is the
/// minimum of the statistic to ~1e-10 σ.
///
/// It works in `x = (log norm, tilt)`: there the statistic is that of a log-link Poisson model,
/// convex, with an exact gradient and Hessian from per-energy sums, so Newton steps with a
/// backtracking line search converge from any start. The minimum is the same point as in
/// `(norm, tilt)`; Gammapy sets no bounds on either parameter and the minimum with counts in the
/// fit region always has norm > 0. Errors are MINUIT's for a −2 log L statistic (errordef 1):
/// the covariance is twice the inverse Hessian of the statistic, here taken exactly at the
/// minimum.
///
/// Cases without a minimum are recognised before iterating and return `success == false` with
/// a message: no counts (the infimum is at norm → 0), no background (the statistic does not
/// depend on the parameters), a tilt running to ±∞ (all counts in the lowest or highest energy
/// bin that has background). Gammapy's MIGRAD fails on these too (call limit), so the maker
/// clears the safe mask as Gammapy does.
public enum BackgroundNormFit {
    /// Fits the free parameters of `start` (its values are the starting point, as Gammapy starts
    /// MIGRAD at the current values). Throws when no parameter is free ("No free parameters for
    /// fitting", as Gammapy).
    public static func fit(_ likelihood: BackgroundNormLikelihood, start: BackgroundNormModel,
                           maxIterations: Int = 200) throws -> BackgroundNormFitResult {
        let freeNorm = !start.norm.frozen, freeTilt = !start.tilt.frozen
        guard freeNorm || freeTilt else { throw BackgroundNormFitError(message: "No free parameters for fitting") }
        let reference = start.reference.value
        let logEnergy = likelihood.energies.map { Foundation.log($0 / reference) }
        var model = start

        func finish(eta: Double, tilt: Double, success: Bool, message: String, iterations: Int,
                    edm: Double = .nan, degenerate: Bool = false, polish: Bool = false) -> BackgroundNormFitResult {
            var norm = freeNorm ? exp(eta) : start.norm.value
            // At the minimum ∂C/∂norm = 0 gives the norm in closed form for the tilt found:
            // Σ N_e / Σ B_e (E_e / E_ref)^(−tilt), free of the exp(log) round trip.
            if polish && freeNorm, let profiled = likelihood.profiledNorm(tilt: tilt, reference: reference) {
                norm = profiled
            }
            let eta = freeNorm ? Foundation.log(norm) : eta
            model.norm.value = norm
            model.tilt.value = tilt
            var covariance = [[Double]](repeating: [0, 0, 0], count: 3)
            let at = likelihood.local(eta: eta, tilt: tilt, logEnergy: logEnergy)
            let free = [freeNorm, freeTilt]
            let idx = (0..<2).filter { free[$0] }
            // covariance of x = H⁻¹ of F = C/2 (= 2 × inverse Hessian of C), then d norm = norm d(log norm)
            let scale = [norm, 1.0]
            let position = [1, 0]   // x index -> Gammapy's (tilt, norm, reference) order
            if degenerate {
                for i in idx { covariance[position[i]][position[i]] = .infinity }
            } else if let inverse = invert(at.hessian, idx) {
                for (a, i) in idx.enumerated() {
                    for (c, j) in idx.enumerated() {
                        covariance[position[i]][position[j]] = inverse[a][c] * scale[i] * scale[j]
                    }
                }
            } else {
                for i in idx { covariance[position[i]][position[i]] = .nan }
            }
            if freeNorm { model.norm.error = covariance[1][1].squareRoot() }
            if freeTilt { model.tilt.error = covariance[0][0].squareRoot() }
            let stat = likelihood.statSum(norm: norm, tilt: tilt, reference: reference)
            return BackgroundNormFitResult(model: model, covariance: covariance, totalStat: stat, success: success,
                                           message: message, iterations: iterations, edm: edm, degenerate: degenerate)
        }

        var eta = start.norm.value > 0 && start.norm.value.isFinite ? Foundation.log(start.norm.value) : 0
        var tilt = start.tilt.value.isFinite ? start.tilt.value : 0
        if !freeNorm && !(start.norm.value > 0) {
            return finish(eta: eta, tilt: tilt, success: false,
                          message: "the frozen norm \(start.norm.value) predicts no counts", iterations: 0)
        }
        if likelihood.fittableBackground <= 0 || !likelihood.fittableBackground.isFinite {
            return finish(eta: eta, tilt: tilt, success: false,
                          message: "no background in the fit region: the statistic does not depend on the parameters",
                          iterations: 0)
        }
        if freeNorm && likelihood.fittableCounts <= 0 {
            return finish(eta: eta, tilt: tilt, success: false,
                          message: "no counts in the fit region: the statistic has no minimum at positive norm",
                          iterations: 0)
        }
        if let problem = likelihood.recessionProblem(freeNorm: freeNorm, freeTilt: freeTilt, logEnergy: logEnergy) {
            return finish(eta: eta, tilt: tilt, success: false, message: problem, iterations: 0)
        }
        let free = [freeNorm, freeTilt]
        let idx = (0..<2).filter { free[$0] }
        var iterations = 0
        var current = likelihood.local(eta: eta, tilt: tilt, logEnergy: logEnergy)
        var previousDecrement = Double.infinity
        while iterations < maxIterations {
            iterations += 1
            guard let (step, isDegenerate) = newtonStep(current, idx) else {
                return finish(eta: eta, tilt: tilt, success: false, message: "the Hessian is not finite or not positive",
                              iterations: iterations)
            }
            // Newton decrement: twice the expected decrease of F = C/2, i.e. MINUIT's EDM of C
            let decrement = max(0, -(step[0] * current.gradient[0] + step[1] * current.gradient[1]))
            // Converged when the step no longer moves the parameters, or when the decrement stops
            // shrinking quadratically (the rounding floor of the gradient).
            let negligible = abs(step[0]) <= 1e-15 * max(1, abs(eta)) && abs(step[1]) <= 1e-15 * max(1, abs(tilt))
            if decrement <= 1e-30 || negligible || (decrement < 1e-12 && decrement > 0.25 * previousDecrement) {
                return finish(eta: eta, tilt: tilt, success: true, message: "Optimization terminated successfully.",
                              iterations: iterations, edm: decrement, degenerate: isDegenerate, polish: true)
            }
            previousDecrement = decrement
            var accepted: (Double, Double, BackgroundNormLikelihood.Local)?
            if decrement < 1e-8 {
                // close to the minimum: full Newton steps (the statistic itself cannot resolve the
                // remaining decrease, its gradient can)
                let e = eta + step[0], k = tilt + step[1]
                let trial = likelihood.local(eta: e, tilt: k, logEnergy: logEnergy)
                if trial.value.isFinite && trial.value <= current.value + 1e-12 * max(1, abs(current.value)) {
                    accepted = (e, k, trial)
                }
            }
            if accepted == nil {
                // backtracking line search (Armijo)
                var t = 1.0
                for _ in 0..<60 {
                    let e = eta + t * step[0], k = tilt + t * step[1]
                    let trial = likelihood.local(eta: e, tilt: k, logEnergy: logEnergy)
                    if trial.value.isFinite && trial.value < current.value - 1e-4 * t * decrement {
                        accepted = (e, k, trial)
                        break
                    }
                    t /= 2
                }
            }
            guard let (e, k, next) = accepted else {
                // no further decrease possible: rounding limits the statistic itself
                let success = decrement < 1e-12
                return finish(eta: eta, tilt: tilt, success: success,
                              message: success ? "Optimization terminated successfully (at the rounding limit)."
                                  : "Optimization failed: the line search found no decrease.",
                              iterations: iterations, edm: decrement, degenerate: isDegenerate, polish: success)
            }
            eta = e
            tilt = k
            current = next
            if abs(tilt) > 1e3 || abs(eta) > 700 {
                return finish(eta: eta, tilt: tilt, success: false,
                              message: "Optimization failed: the parameters run away (norm \(exp(eta)), tilt \(tilt)); "
                                  + "the statistic has no finite minimum",
                              iterations: iterations)
            }
        }
        return finish(eta: eta, tilt: tilt, success: false,
                      message: "Optimization failed. Call limit (\(maxIterations) iterations) was reached.",
                      iterations: iterations)
    }

    /// The Newton step `−H⁻¹ g` on the free coordinates (pseudo-inverse when the Hessian is
    /// singular, i.e. norm and tilt are degenerate); nil when the Hessian is not finite.
    static func newtonStep(_ local: BackgroundNormLikelihood.Local, _ idx: [Int]) -> ([Double], Bool)? {
        let g = local.gradient, h = local.hessian
        guard g.allSatisfy(\.isFinite), h.joined().allSatisfy(\.isFinite) else { return nil }
        var step = [0.0, 0.0]
        if idx.count == 1 {
            let i = idx[0]
            guard h[i][i] > 0 else { return nil }
            step[i] = -g[i] / h[i][i]
            return (step, false)
        }
        let a = h[0][0], b = h[0][1], c = h[1][1]
        guard a > 0, c > 0 else { return nil }
        let det = a * c - b * b
        // scale-free test: 1 − ρ² of the Hessian, ρ the correlation of log norm and tilt
        if det / (a * c) > 1e-12 {
            step[0] = -(c * g[0] - b * g[1]) / det
            step[1] = -(a * g[1] - b * g[0]) / det
            return (step, false)
        }
        // rank one: H⁺ = H / trace²
        let tr2 = (a + c) * (a + c)
        step[0] = -(a * g[0] + b * g[1]) / tr2
        step[1] = -(b * g[0] + c * g[1]) / tr2
        return (step, true)
    }

    /// The inverse of the free block of a 2 × 2 Hessian; nil when singular.
    static func invert(_ h: [[Double]], _ idx: [Int]) -> [[Double]]? {
        if idx.count == 1 {
            let v = h[idx[0]][idx[0]]
            return v > 0 && v.isFinite ? [[1 / v]] : nil
        }
        let a = h[0][0], b = h[0][1], c = h[1][1]
        let det = a * c - b * b
        guard a > 0, c > 0, det / (a * c) > 1e-12, det.isFinite else { return nil }
        return [[c / det, -b / det], [-b / det, a / det]]
    }
}

extension BackgroundNormLikelihood {
    /// The norm that minimises the statistic for a given tilt, `Σ N_e / Σ B_e (E_e / E_ref)^(−tilt)`,
    /// when no bin with positive background falls below the truncation value there; else nil.
    func profiledNorm(tilt: Double, reference: Double) -> Double? {
        var n = 0.0, model = 0.0
        for e in energies.indices where positiveBackground[e] > 0 {
            n += positiveCounts[e]
            model += positiveBackground[e] * pow(energies[e] / reference, -tilt)
        }
        guard n > 0, model > 0 else { return nil }
        let norm = n / model
        for e in energies.indices where positiveBackground[e] > 0 {
            if !(minimumPositiveBackground[e] * norm * pow(energies[e] / reference, -tilt) > CashStatistic.truncationValue) {
                return nil
            }
        }
        return norm
    }

    /// Why the statistic has no minimum at finite parameters, or nil when it has one (or a line
    /// of minima). The statistic is convex in (log norm, tilt); it has no minimum exactly when it
    /// keeps decreasing along some direction, which for this model depends only on which energy
    /// bins have background (B_e > 0) and counts (N_e > 0).
    func recessionProblem(freeNorm: Bool, freeTilt: Bool, logEnergy: [Double]) -> String? {
        let withBackground = energies.indices.filter { positiveBackground[$0] > 0 }
        let withCounts = withBackground.filter { positiveCounts[$0] > 0 }
        guard !withBackground.isEmpty else { return nil }   // handled as "no background"
        let lb = withBackground.map { logEnergy[$0] }, lc = withCounts.map { logEnergy[$0] }
        if freeNorm {
            if withCounts.isEmpty { return "no counts in the fit region: the statistic has no minimum at positive norm" }
            guard freeTilt, Set(lb).count > 1, Set(lc).count == 1 else { return nil }
            let only = lc[0]
            if only == lb.min()! {
                return "Optimization failed: all counts in the fit region lie in the lowest energy bin with background; "
                    + "the statistic has no finite minimum (the tilt runs to +inf)"
            }
            if only == lb.max()! {
                return "Optimization failed: all counts in the fit region lie in the highest energy bin with background; "
                    + "the statistic has no finite minimum (the tilt runs to -inf)"
            }
            return nil
        }
        // norm frozen, tilt free: the tilt runs away when the counts lie only at the reference
        // energy and the background only on one side of it
        guard freeTilt, lc.allSatisfy({ $0 == 0 }) else { return nil }
        if lb.allSatisfy({ $0 >= 0 }) && lb.contains(where: { $0 > 0 }) {
            return "Optimization failed: with the norm frozen the statistic has no finite minimum (the tilt runs to +inf)"
        }
        if lb.allSatisfy({ $0 <= 0 }) && lb.contains(where: { $0 < 0 }) {
            return "Optimization failed: with the norm frozen the statistic has no finite minimum (the tilt runs to -inf)"
        }
        return nil
    }
}
