import FITSIO
import Foundation
import GammaMaps

/// A PSF made of three 2-D Gaussians with parameters tabulated versus true energy and offset
/// (GADF `psf_3gauss`), Gammapy's `EnergyDependentMultiGaussPSF`.
///
/// At each point the interpolated parameters give norms `2·SCALE·Aᵢ·σᵢ²` (A₁ = 1), normalised
/// to sum to 1, and the PSF `Σ normᵢ · exp(−r²/2σᵢ²) / (2πσᵢ²)`, which integrates to 1.
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/psf/psf_3gauss/index.html
public struct PSF3Gauss: ParametricPSF {
    public let parameters: PSFParameterTable
    public let isPointLike: Bool
    public let meta: FITSHeader

    public static let parameterNames = ["sigma_1", "sigma_2", "sigma_3", "scale", "ampl_2", "ampl_3"]
    static let columnNames = ["SIGMA_1", "SIGMA_2", "SIGMA_3", "SCALE", "AMPL_2", "AMPL_3"]

    public init(parameters: PSFParameterTable, isPointLike: Bool = false, meta: FITSHeader = FITSHeader()) {
        self.parameters = parameters
        self.isPointLike = isPointLike
        self.meta = meta
    }

    /// PSF value in deg⁻², as Gammapy's `evaluate`.
    public func evaluateSquareDegrees(energyTrue: ShapedArray, offset: ShapedArray, rad: ShapedArray) throws -> ShapedArray {
        let pars = try parameters.evaluate(energyTrue: energyTrue, offset: offset)
        let toDeg = (0..<3).map { parameters.degreeFactor($0) }
        return try broadcastParametric(pars, rad: rad) { p, r in
            let (sigmas, norms) = Self.sigmasAndNorms(p, toDeg: toDeg)
            let theta2 = r * r + 0
            var total = 0.0
            for i in 0..<3 {
                let sigma2 = sigmas[i] * sigmas[i]
                let amplitude = 1 / (2 * Double.pi * sigma2)
                let exponent = -0.5 * theta2 / sigma2
                total += norms[i] * (amplitude * Foundation.exp(exponent))
            }
            return total
        }
    }

    /// Fraction of the PSF within `rad` (deg): `Σ normᵢ (1 − exp(−r²/2σᵢ²))`.
    public func containment(rad: ShapedArray, energyTrue: ShapedArray, offset: ShapedArray) throws -> ShapedArray {
        let pars = try parameters.evaluate(energyTrue: energyTrue, offset: offset)
        let toDeg = (0..<3).map { parameters.degreeFactor($0) }
        return try broadcastParametric(pars, rad: rad) { p, r in
            let (sigmas, norms) = Self.sigmasAndNorms(p, toDeg: toDeg)
            var total = 0.0
            for i in 0..<3 {
                let sigma2 = sigmas[i] * sigmas[i]
                total += norms[i] * (1 - Foundation.exp(-0.5 * (r * r) / sigma2))
            }
            return total
        }
    }

    /// Gammapy's `get_sigmas_and_norms` followed by `MultiGauss2D.normalize`.
    static func sigmasAndNorms(_ p: [Double], toDeg: [Double]) -> ([Double], [Double]) {
        let sigmas = [p[0] * toDeg[0], p[1] * toDeg[1], p[2] * toDeg[2]]
        let scale = p[3]
        let amplitudes = [1.0, p[4], p[5]]
        var norms = (0..<3).map { 2 * scale * amplitudes[$0] * (sigmas[$0] * sigmas[$0]) }
        let integral = norms.reduce(0) { $0 + ($1.isNaN ? 0 : $1) }
        for i in 0..<3 {
            let v = norms[i] / integral
            norms[i] = NumpyCompat.nanToNum(v)
        }
        return (sigmas, norms)
    }
}

extension PSF3Gauss {
    /// Reads a `psf_3gauss` table (columns SIGMA_1..3, SCALE, AMPL_2, AMPL_3; axes ENERG, THETA).
    public init(table: FITSTable) throws {
        let parameters = try PSFParameterTable.read(table, names: Self.parameterNames, columns: Self.columnNames)
        self.init(parameters: parameters, isPointLike: GADFTable.isPointLike(table.header), meta: table.header)
    }
}
