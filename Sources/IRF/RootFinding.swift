import Foundation
import GammaMaps

/// Root finding as Gammapy's `find_roots` with scipy's `brentq`.
enum RootFinding {
    /// The first root of `f` between `lower` and `upper`: the range is cut into `nbin` brackets
    /// (log-spaced with `logScale`), Brent's method runs in every bracket where the sign of `f`
    /// changes, and the first converged root is returned (NaN when there is none).
    static func firstRoot(_ f: (Double) -> Double, lower: Double, upper: Double, nbin: Int, logScale: Bool) -> Double {
        let scale: InterpolationScale = logScale ? .log : .lin
        let grid = NumpyCompat.linspace(scale.scale(lower), scale.scale(upper), nbin + 1).map { scale.inverse($0) }
        var brackets: [Int] = [0]
        if grid.count > 2 {
            let signs = grid.map { x -> Double in let v = f(x); return v > 0 ? 1 : (v < 0 ? -1 : (v.isNaN ? .nan : 0)) }
            brackets = (0..<(signs.count - 1)).filter { signs[$0] != signs[$0 + 1] }
        }
        for k in brackets {
            if let root = brent(f, grid[k], grid[k + 1]) { return root }
        }
        return .nan
    }

    /// Brent's method in scipy's formulation (`scipy.optimize.brentq`, default tolerances
    /// xtol = 2e-12, rtol = 4 ε, at most 100 iterations). Nil when the bracket does not change
    /// sign or the iteration does not converge.
    static func brent(_ f: (Double) -> Double, _ a: Double, _ b: Double, xtol: Double = 2e-12,
                      rtol: Double = 4 * Double.ulpOfOne, maxIterations: Int = 100) -> Double? {
        var xpre = a, xcur = b
        var xblk = 0.0, fblk = 0.0, spre = 0.0, scur = 0.0
        var fpre = f(xpre), fcur = f(xcur)
        if fpre == 0 { return xpre }
        if fcur == 0 { return xcur }
        if fpre.sign == fcur.sign { return nil }
        for _ in 0..<maxIterations {
            if fpre != 0 && fcur != 0 && fpre.sign != fcur.sign {
                xblk = xpre
                fblk = fpre
                scur = xcur - xpre
                spre = scur
            }
            if Swift.abs(fblk) < Swift.abs(fcur) {
                xpre = xcur; xcur = xblk; xblk = xpre
                fpre = fcur; fcur = fblk; fblk = fpre
            }
            let delta = (xtol + rtol * Swift.abs(xcur)) / 2
            let sbis = (xblk - xcur) / 2
            if fcur == 0 || Swift.abs(sbis) < delta { return xcur }
            if Swift.abs(spre) > delta && Swift.abs(fcur) < Swift.abs(fpre) {
                let stry: Double
                if xpre == xblk {
                    stry = -fcur * (xcur - xpre) / (fcur - fpre)  // interpolate
                } else {
                    let dpre = (fpre - fcur) / (xpre - xcur)  // extrapolate
                    let dblk = (fblk - fcur) / (xblk - xcur)
                    stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
                }
                if 2 * Swift.abs(stry) < min(Swift.abs(spre), 3 * Swift.abs(sbis) - delta) {
                    spre = scur
                    scur = stry
                } else {
                    spre = sbis
                    scur = sbis
                }
            } else {
                spre = sbis
                scur = sbis
            }
            xpre = xcur
            fpre = fcur
            if Swift.abs(scur) > delta { xcur += scur } else { xcur += sbis > 0 ? delta : -delta }
            fcur = f(xcur)
        }
        return nil
    }
}

/// The first root of `f` between `lower` and `upper` as Gammapy's `find_roots` finds it (the
/// range cut into `nbin` brackets, log-spaced with `logScale`, scipy's `brentq` in the first
/// bracket where `f` changes sign); NaN when there is none. For the makers that invert spectra
/// (`SafeMaskMaker`'s `aeff-max`, Gammapy's `TemplateSpectralModel.inverse`).
public func firstRoot(of f: (Double) -> Double, lower: Double, upper: Double, nbin: Int = 100, logScale: Bool) -> Double {
    RootFinding.firstRoot(f, lower: lower, upper: upper, nbin: nbin, logScale: logScale)
}
