import Foundation
import GammaMaps

/// Gammapy's PSF containment radius (`PSF.containment_radius`): the containment is computed on
/// the bin centres of the rad axis upsampled by `factor` (default 20), and the radius returned
/// is the centre whose containment is closest to the requested fraction (the first such).
enum PSFContainment {
    /// Gammapy's `RAD_AXIS_DEFAULT` (0–0.66 deg, 66 bins), used for PSFs without a rad axis.
    static let defaultRadAxis = try! MapAxis.fromBounds(0, 0.66, nbin: 66, name: "rad", unit: "deg")

    /// Radii (in the rad axis's unit) for each element of the broadcast of `energyTrue` and
    /// `offset`; `containment(rad, energy, offset)` must return the broadcast of a rad array of
    /// shape `[n, 1, …]` with the coordinates.
    static func radius(fraction: Double, radAxis: MapAxis, factor: Int, energyTrue: ShapedArray, offset: ShapedArray,
                       containment: (ShapedArray, ShapedArray, ShapedArray) throws -> ShapedArray) throws -> ShapedArray {
        guard let shape = ShapedArray.broadcastShape([energyTrue.shape, offset.shape]) else {
            throw InterpolationError("energy_true \(energyTrue.shape) and offset \(offset.shape) do not broadcast")
        }
        let radii = try radAxis.upsample(factor).centers
        let rad = ShapedArray(radii, shape: [radii.count] + Array(repeating: 1, count: shape.count))
        let values = try containment(rad, energyTrue, offset)
        let count = shape.reduce(1, *)
        guard values.values.count == radii.count * count else {
            throw InterpolationError("containment of shape \(values.shape) for \(radii.count) radii and shape \(shape)")
        }
        var out = [Double](repeating: 0, count: count)
        for p in 0..<count {
            var best = 0
            var bestDistance = Double.infinity
            for r in 0..<radii.count {
                let d = Swift.abs(values.values[r * count + p] - fraction)
                // np.argmin: the first minimum; a NaN wins at once
                if d.isNaN { best = r; break }
                if d < bestDistance { bestDistance = d; best = r }
            }
            out[p] = radii[best]
        }
        return ShapedArray(out, shape: shape)
    }
}

extension PSFTable {
    /// Fraction of the PSF within `rad` (deg) at true energies (TeV) and offsets (deg), broadcast
    /// (Gammapy's `PSF3D.containment`: the radial cumulative sum of the table, 2π r Δr per bin,
    /// interpolated at `rad`, made dimensionless).
    public func containment(rad: ShapedArray, energyTrue: ShapedArray? = nil, offset: ShapedArray? = nil) throws -> ShapedArray {
        let cumulative = try cumulativeGrid()
        var values = try cumulative.evaluate([cumulative.coordinate(energyTrue, from: "TeV", axis: 0),
                                              cumulative.coordinate(offset, from: "deg", axis: 1),
                                              cumulative.coordinate(rad, from: "deg", axis: 2)])
        let factor = UnitConversion.factor(from: cumulative.unit, to: "") ?? 1
        if factor != 1 { for i in values.values.indices { values.values[i] *= factor } }
        return values
    }

    /// The radius (deg) containing `fraction` of the PSF at true energies (TeV) and offsets (deg),
    /// broadcast, as Gammapy's `containment_radius` with `factor` (default 20) times finer radii.
    public func containmentRadius(fraction: Double, energyTrue: ShapedArray, offset: ShapedArray, factor: Int = 20) throws -> ShapedArray {
        // radii come in the rad axis's unit; containment takes degrees
        let toDeg = radAxis.unit.isEmpty ? 1 : (UnitConversion.factor(from: radAxis.unit, to: "deg") ?? 1)
        func inDegrees(_ a: ShapedArray) -> ShapedArray {
            toDeg == 1 ? a : ShapedArray(a.values.map { $0 * toDeg }, shape: a.shape)
        }
        let result = try PSFContainment.radius(fraction: fraction, radAxis: radAxis, factor: factor, energyTrue: energyTrue,
                                               offset: offset) { rad, e, o in
            try containment(rad: inDegrees(rad), energyTrue: e, offset: o)
        }
        return inDegrees(result)
    }

    /// The radial cumulative sum (built once per call; cheap next to the evaluation).
    func cumulativeGrid() throws -> IRFGrid { try grid.cumsum(along: "rad") }
}
