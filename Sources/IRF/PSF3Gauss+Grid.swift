import Foundation
import GammaMaps

extension PSF3Gauss {
    /// The PSF in deg⁻² on the product of true energies (TeV), offsets (deg) and radii (deg),
    /// laid out `[energy][rad][offset]` (the PSF map maker's grid), the same numbers as
    /// `evaluateSquareDegrees` with the coordinates shaped `[n, 1, 1]`, `[1, 1, m]`, `[1, r, 1]`,
    /// with the parameters and Gaussian norms worked out once per energy and offset.
    public func evaluateSquareDegrees(energyTrue: [Double], offsets: [Double], rad: [Double]) throws -> [Double] {
        let nE = energyTrue.count, nO = offsets.count, nR = rad.count
        let pars = try parameters.evaluate(energyTrue: ShapedArray(energyTrue, shape: [nE, 1]),
                                           offset: ShapedArray(offsets, shape: [1, nO]))
        let toDeg = (0..<3).map { parameters.degreeFactor($0) }
        var out = [Double](repeating: 0, count: nE * nR * nO)
        var p = [Double](repeating: 0, count: pars.count)
        out.withUnsafeMutableBufferPointer { o in
            for e in 0..<nE {
                for j in 0..<nO {
                    for k in pars.indices { p[k] = pars[k].values[e * nO + j] }
                    let (sigmas, norms) = Self.sigmasAndNorms(p, toDeg: toDeg)
                    let sigma2 = sigmas.map { $0 * $0 }
                    let amplitude = sigma2.map { 1 / (2 * Double.pi * $0) }
                    for r in 0..<nR {
                        let theta2 = rad[r] * rad[r] + 0
                        var total = 0.0
                        for i in 0..<3 {
                            let exponent = -0.5 * theta2 / sigma2[i]
                            total += norms[i] * (amplitude[i] * Foundation.exp(exponent))
                        }
                        o[(e * nR + r) * nO + j] = total
                    }
                }
            }
        }
        return out
    }
}
