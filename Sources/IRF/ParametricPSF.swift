import FITSIO
import GammaMaps

/// An analytic PSF whose parameters are tabulated versus true energy and offset (Gammapy's
/// `ParametricPSF`): `PSF3Gauss` and `PSFKing`. Each gives its profile in deg⁻² and its
/// containment; the rest — axes, values in sr⁻¹, containment radii, the tabulated `PSFTable` —
/// is the same for both.
public protocol ParametricPSF: Sendable {
    var parameters: PSFParameterTable { get }
    var isPointLike: Bool { get }
    var meta: FITSHeader { get }

    /// PSF value in deg⁻² at true energies (TeV), offsets (deg) and radii (deg), broadcast, as
    /// Gammapy's `evaluate`.
    func evaluateSquareDegrees(energyTrue: ShapedArray, offset: ShapedArray, rad: ShapedArray) throws -> ShapedArray
    /// Fraction of the PSF within `rad` (deg).
    func containment(rad: ShapedArray, energyTrue: ShapedArray, offset: ShapedArray) throws -> ShapedArray
}

extension ParametricPSF {
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

    /// The radius (deg) containing `fraction` of the PSF, as Gammapy: the closest of the centres
    /// of Gammapy's default rad axis (0–0.66 deg, 66 bins) upsampled `factor` times.
    public func containmentRadius(fraction: Double, energyTrue: ShapedArray, offset: ShapedArray, factor: Int = 20) throws -> ShapedArray {
        try PSFContainment.radius(fraction: fraction, radAxis: PSFContainment.defaultRadAxis, factor: factor,
                                  energyTrue: energyTrue, offset: offset) { rad, e, o in
            try containment(rad: rad, energyTrue: e, offset: o)
        }
    }

    /// The PSF tabulated on the bin centres of `radAxis` (Gammapy's `to_psf3d`; default rad axis
    /// 0–0.66 deg in 66 bins), in deg⁻² as Gammapy's table.
    public func toPSFTable(radAxis: MapAxis? = nil) throws -> PSFTable {
        let rad = radAxis ?? PSFContainment.defaultRadAxis
        let values = try evaluateSquareDegrees(energyTrue: ShapedArray(energyAxisTrue.centers, shape: [energyAxisTrue.nbin, 1, 1]),
                                               offset: ShapedArray(offsetAxis.centers, shape: [1, offsetAxis.nbin, 1]),
                                               rad: ShapedArray(rad.centers, shape: [1, 1, rad.nbin]))
        let grid = try IRFGrid(axes: [energyAxisTrue, offsetAxis, rad], data: values.values, unit: "deg-2")
        return PSFTable(grid: grid, isPointLike: isPointLike, meta: meta)
    }
}
