import FITSIO
import GammaMaps

/// Effective area versus true energy and field-of-view offset (GADF `aeff_2d`), Gammapy's
/// `EffectiveAreaTable2D`.
///
/// Axes `energy_true` (log interpolation) and `offset` (lin); data in `unit` (m² in DL3 files).
/// Evaluation interpolates linearly between bin centres, extrapolates up to the outer bin edges
/// and is 0 beyond them (Gammapy's `fill_value=0`); negative values are clipped to 0.
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/aeff/index.html
public struct EffectiveAreaTable2D: Sendable {
    public let grid: IRFGrid
    /// HDUCLAS3 = POINT-LIKE: the area is for events within RAD_MAX of the source.
    public let isPointLike: Bool
    /// The HDU header (LO_THRES, HI_THRES, RAD_MAX, TELESCOP, ...).
    public let meta: FITSHeader

    public init(grid: IRFGrid, isPointLike: Bool = false, meta: FITSHeader = FITSHeader()) {
        self.grid = grid
        self.isPointLike = isPointLike
        self.meta = meta
    }

    public var energyAxisTrue: MapAxis { grid.axes[0] }
    public var offsetAxis: MapAxis { grid.axes[1] }
    /// Values on `[energy_true][offset]`, C order.
    public var data: [Double] { grid.data }
    public var unit: String { grid.unit }

    /// `LO_THRES` in TeV: the lower safe energy threshold of the `aeff-default` safe mask.
    public var loThreshold: Double? { meta.double("LO_THRES") }
    /// `HI_THRES` in TeV.
    public var hiThreshold: Double? { meta.double("HI_THRES") }
    /// `RAD_MAX` in deg of a point-like IRF with a fixed cut.
    public var radMax: Double? { meta.double("RAD_MAX") }

    /// Effective area (in `unit`) at true energies (TeV) and offsets (deg), broadcast together;
    /// nil takes the axis's bin centres.
    public func evaluate(energyTrue: ShapedArray? = nil, offset: ShapedArray? = nil,
                         method: IRFGrid.Method? = nil) throws -> ShapedArray {
        try grid.evaluate([grid.coordinate(energyTrue, from: "TeV", axis: 0),
                           grid.coordinate(offset, from: "deg", axis: 1)], method: method)
    }

    /// Effective area at one point.
    public func evaluate(energyTrue: Double, offset: Double) throws -> Double {
        try evaluate(energyTrue: ShapedArray(scalar: energyTrue), offset: ShapedArray(scalar: offset)).values[0]
    }

    /// The area at the true-energy edges for one offset, and its maximum — what Gammapy's
    /// `SafeMaskMaker` `aeff-max` method (DL3 IRFs) looks at.
    public func valuesAtEnergyEdges(offset: Double) throws -> (energies: [Double], values: [Double], maximum: Double) {
        let values = try evaluate(energyTrue: ShapedArray(energyAxisTrue.edges), offset: ShapedArray(scalar: offset)).values
        return (energyAxisTrue.edges, values, values.max() ?? .nan)
    }

    /// The lowest true-energy edge whose area exceeds `percent` % of the maximum at `offset`
    /// (Gammapy's `aeff-max` safe energy threshold with DL3 IRFs), or nil when none does. In the
    /// unit of the energy axis.
    public func energyThreshold(percentOfMaximum percent: Double, offset: Double) throws -> Double? {
        let (energies, values, maximum) = try valuesAtEnergyEdges(offset: offset)
        let limit = percent * maximum / 100
        return zip(energies, values).filter { $0.1 > limit }.map(\.0).min()
    }
}

extension EffectiveAreaTable2D {
    /// Reads an `aeff_2d` table (column `EFFAREA`, axes `ENERG` and `THETA`). Values must be finite
    /// and some positive; a few negative ones are kept (and clipped when evaluated), as Gammapy.
    public init(table: FITSTable) throws {
        let grid = try GADFTable.grid(table, column: "EFFAREA", axes: ["energy_true", "offset"])
        try GADFTable.requireSomePositive(grid.data, table, column: "EFFAREA")
        self.init(grid: grid, isPointLike: GADFTable.isPointLike(table.header), meta: table.header)
    }
}
