import Foundation
import GammaMaps

/// Errors evaluating a background model on a dataset.
public struct BackgroundModelError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "FoVBackgroundModel: \(message)" }
}

extension BackgroundNormModel {
    /// The model value at one energy in TeV (Gammapy's `PowerLawNormSpectralModel.evaluate`):
    /// `norm × (energy / reference)^(−tilt)`.
    @inlinable
    public func evaluate(energy: Double) -> Double {
        norm.value * pow(energy / reference.value, -tilt.value)
    }

    /// One factor per reconstructed-energy bin of `geom`, evaluated at the bin centres as
    /// Gammapy's `FoVBackgroundModel.evaluate_geom` does (`geom.get_coord()`: the centre of a
    /// log axis is the geometric mean of its edges); the model is not integrated over the bin.
    /// Energies in another unit (GeV, MeV, ...) are converted to TeV first.
    ///
    /// - Throws: `BackgroundModelError` when `geom` has no `energy` axis or its unit is not an
    ///   energy.
    public func factors(for geom: WcsGeom) throws -> [Double] {
        guard let axis = geom.axes.first(where: { $0.name == "energy" }) else {
            throw BackgroundModelError("the geometry has no reconstructed-energy axis 'energy' (axes: \(geom.axes.names))")
        }
        guard let toTeV = axis.unit.isEmpty ? 1 : UnitConversion.factor(from: axis.unit, to: "TeV") else {
            throw BackgroundModelError("the energy axis unit '\(axis.unit)' is not an energy")
        }
        return axis.centers.map { evaluate(energy: toTeV == 1 ? $0 : $0 * toTeV) }
    }
}
