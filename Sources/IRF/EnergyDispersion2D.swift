import FITSIO
import GammaMaps

/// Energy dispersion: probability density of migra = E_reco / E_true versus true energy and
/// offset (GADF `edisp_2d`), Gammapy's `EnergyDispersion2D`.
///
/// Axes `energy_true` (log), `migra` (lin), `offset` (lin); data dimensionless. Evaluation
/// interpolates linearly between bin centres and extrapolates; a result is 0 where the offset is
/// outside its edges, or where true energy *and* migra both are (Gammapy's `_mask_out_bounds`).
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/edisp/index.html
public struct EnergyDispersion2D: Sendable {
    public let grid: IRFGrid
    public let isPointLike: Bool
    public let meta: FITSHeader

    public init(grid: IRFGrid, isPointLike: Bool = false, meta: FITSHeader = FITSHeader()) {
        self.grid = grid
        self.isPointLike = isPointLike
        self.meta = meta
    }

    public var energyAxisTrue: MapAxis { grid.axes[0] }
    public var migraAxis: MapAxis { grid.axes[1] }
    public var offsetAxis: MapAxis { grid.axes[2] }
    /// Values on `[energy_true][migra][offset]`, C order.
    public var data: [Double] { grid.data }
    public var unit: String { grid.unit }
    /// `RAD_MAX` in deg of a point-like IRF with a fixed cut.
    public var radMax: Double? { meta.double("RAD_MAX") }

    /// Probability density at true energies (TeV), migra values and offsets (deg), broadcast;
    /// nil takes the axis's bin centres.
    public func evaluate(energyTrue: ShapedArray? = nil, migra: ShapedArray? = nil, offset: ShapedArray? = nil,
                         method: IRFGrid.Method? = nil) throws -> ShapedArray {
        try grid.evaluate([grid.coordinate(energyTrue, from: "TeV", axis: 0), migra,
                           grid.coordinate(offset, from: "deg", axis: 2)], method: method)
    }

    /// Probability density at one point.
    public func evaluate(energyTrue: Double, migra: Double, offset: Double) throws -> Double {
        try evaluate(energyTrue: ShapedArray(scalar: energyTrue), migra: ShapedArray(scalar: migra),
                     offset: ShapedArray(scalar: offset)).values[0]
    }
}

extension EnergyDispersion2D {
    /// Reads an `edisp_2d` table (column `MATRIX`, axes `ENERG` or `ETRUE`, `MIGRA`, `THETA`).
    public init(table: FITSTable) throws {
        let grid = try GADFTable.grid(table, column: "MATRIX", axes: ["energy_true", "migra", "offset"],
                                      outOfBounds: .energyDispersion(energyTrue: 0, migra: 1, offset: 2))
        self.init(grid: grid, isPointLike: GADFTable.isPointLike(table.header), meta: table.header)
    }
}
