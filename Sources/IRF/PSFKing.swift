import FITSIO
import Foundation
import GammaMaps

/// A King-profile PSF with parameters tabulated versus true energy and offset (GADF
/// `psf_king`), Gammapy's `PSFKing`:
/// `(1 − 1/γ) / (2πσ²) · (1 + r²/(2γσ²))^(−γ)`.
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/psf/psf_king/index.html
public struct PSFKing: Sendable {
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

    public var energyAxisTrue: MapAxis { parameters.axes[0] }
    public var offsetAxis: MapAxis { parameters.axes[1] }

    /// PSF value in sr⁻¹ at true energies (TeV), offsets (deg) and radii (deg), broadcast.
    /// (Gammapy returns the same quantity in deg⁻².)
    public func evaluate(energyTrue: ShapedArray, offset: ShapedArray, rad: ShapedArray) throws -> ShapedArray {
        var result = try evaluateSquareDegrees(energyTrue: energyTrue, offset: offset, rad: rad)
        for i in result.values.indices { result.values[i] *= squareDegreeToSteradianInverse }
        return result
    }

    /// PSF value in sr⁻¹ at one point.
    public func evaluate(energyTrue: Double, offset: Double, rad: Double) throws -> Double {
        try evaluate(energyTrue: ShapedArray(scalar: energyTrue), offset: ShapedArray(scalar: offset),
                     rad: ShapedArray(scalar: rad)).values[0]
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

    /// The radius (deg) containing `fraction` of the PSF, as Gammapy: the closest of the centres
    /// of Gammapy's default rad axis (0–0.66 deg, 66 bins) upsampled `factor` times.
    public func containmentRadius(fraction: Double, energyTrue: ShapedArray, offset: ShapedArray, factor: Int = 20) throws -> ShapedArray {
        try PSFContainment.radius(fraction: fraction, radAxis: PSFContainment.defaultRadAxis, factor: factor,
                                  energyTrue: energyTrue, offset: offset) { rad, e, o in
            try containment(rad: rad, energyTrue: e, offset: o)
        }
    }

    /// The PSF tabulated on the bin centres of `radAxis` (Gammapy's `to_psf3d`), in deg⁻².
    public func toPSFTable(radAxis: MapAxis? = nil) throws -> PSFTable {
        let rad = radAxis ?? PSFContainment.defaultRadAxis
        let values = try evaluateSquareDegrees(energyTrue: ShapedArray(energyAxisTrue.centers, shape: [energyAxisTrue.nbin, 1, 1]),
                                               offset: ShapedArray(offsetAxis.centers, shape: [1, offsetAxis.nbin, 1]),
                                               rad: ShapedArray(rad.centers, shape: [1, 1, rad.nbin]))
        let grid = try IRFGrid(axes: [energyAxisTrue, offsetAxis, rad], data: values.values, unit: "deg-2")
        return PSFTable(grid: grid, isPointLike: isPointLike, meta: meta)
    }
}

extension PSFKing {
    /// Reads a `psf_king` table (columns GAMMA, SIGMA; axes ENERG, THETA).
    public init(table: FITSTable) throws {
        let parameters = try PSFParameterTable.read(table, names: Self.parameterNames, columns: Self.columnNames)
        self.init(parameters: parameters, isPointLike: GADFTable.isPointLike(table.header), meta: table.header)
    }
}
