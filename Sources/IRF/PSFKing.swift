import FITSIO
import Foundation
import GammaMaps

/// A King-profile PSF with parameters tabulated versus true energy and offset (GADF
/// `psf_king`), Gammapy's `PSFKing`:
/// `(1 − 1/γ) / (2πσ²) · (1 + r²/(2γσ²))^(−γ)`.
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/psf/psf_king/index.html
public struct PSFKing: ParametricPSF {
    public let parameters: PSFParameterTable
    public let isPointLike: Bool
    public let meta: FITSHeader

    public static let parameterNames = ["gamma", "sigma"]
    static let columnNames = ["GAMMA", "SIGMA"]

    public init(parameters: PSFParameterTable, isPointLike: Bool = false, meta: FITSHeader = FITSHeader()) {
        self.parameters = parameters
        self.isPointLike = isPointLike
        self.meta = meta
    }

    /// PSF value in deg⁻², as Gammapy's `evaluate`.
    public func evaluateSquareDegrees(energyTrue: ShapedArray, offset: ShapedArray, rad: ShapedArray) throws -> ShapedArray {
        let pars = try parameters.evaluate(energyTrue: energyTrue, offset: offset)
        let toDeg = parameters.degreeFactor(1)
        return try broadcastParametric(pars, rad: rad) { p, r in
            let gamma = p[0], sigma = p[1] * toDeg
            let sigma2 = sigma * sigma
            let term1 = 1 / (2 * Double.pi * sigma2)
            let term2 = 1 - 1 / gamma
            let term3 = Foundation.pow(1 + (r * r) / (2 * gamma * sigma2), -gamma)
            return term1 * term2 * term3
        }
    }

    /// Fraction of the PSF within `rad` (deg): `1 − (1 + r²/(2γσ²))^(1−γ)`.
    public func containment(rad: ShapedArray, energyTrue: ShapedArray, offset: ShapedArray) throws -> ShapedArray {
        let pars = try parameters.evaluate(energyTrue: energyTrue, offset: offset)
        let toDeg = parameters.degreeFactor(1)
        return try broadcastParametric(pars, rad: rad) { p, r in
            let gamma = p[0], sigma = p[1] * toDeg
            let term = Foundation.pow(1 + (r * r) / (2 * gamma * (sigma * sigma)), 1 - gamma)
            return 1 - term
        }
    }
}

extension PSFKing {
    /// Reads a `psf_king` table (columns GAMMA, SIGMA; axes ENERG, THETA).
    public init(table: FITSTable) throws {
        let parameters = try PSFParameterTable.read(table, names: Self.parameterNames, columns: Self.columnNames)
        self.init(parameters: parameters, isPointLike: GADFTable.isPointLike(table.header), meta: table.header)
    }
}
