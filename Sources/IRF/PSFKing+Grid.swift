import Foundation
import GammaMaps

extension PSFKing {
    /// The PSF in deg⁻² on the product of true energies (TeV), offsets (deg) and radii (deg),
    /// laid out `[energy][rad][offset]` (the PSF map maker's grid), the same numbers as
    /// `evaluateSquareDegrees` with the coordinates shaped `[n, 1, 1]`, `[1, 1, m]`, `[1, r, 1]`,
    /// with the parameters interpolated once per energy and offset.
    public func evaluateSquareDegrees(energyTrue: [Double], offsets: [Double], rad: [Double]) throws -> [Double] {
        let nE = energyTrue.count, nO = offsets.count, nR = rad.count
        let pars = try parameters.evaluate(energyTrue: ShapedArray(energyTrue, shape: [nE, 1]),
                                           offset: ShapedArray(offsets, shape: [1, nO]))
        let toDeg = parameters.degreeFactor(1)
        var out = [Double](repeating: 0, count: nE * nR * nO)
        out.withUnsafeMutableBufferPointer { o in
            for e in 0..<nE {
                for j in 0..<nO {
                    let gamma = pars[0].values[e * nO + j], sigma = pars[1].values[e * nO + j] * toDeg
                    let sigma2 = sigma * sigma
                    let term1 = 1 / (2 * Double.pi * sigma2)
                    let term2 = 1 - 1 / gamma
                    for r in 0..<nR {
                        let term3 = Foundation.pow(1 + (rad[r] * rad[r]) / (2 * gamma * sigma2), -gamma)
                        o[(e * nR + r) * nO + j] = term1 * term2 * term3
                    }
                }
            }
        }
        return out
    }
}
