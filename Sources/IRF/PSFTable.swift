import FITSIO
import GammaMaps

/// The PSF tabulated versus true energy, offset and angular distance from the source (GADF
/// `psf_table`), Gammapy's `PSF3D`.
///
/// Axes `energy_true` (log), `offset` (lin), `rad` (lin); data in `unit` (sr⁻¹ in DL3 files),
/// used as stored (Gammapy normalises only the PSF maps built from it). Evaluation interpolates
/// linearly between bin centres, extrapolates to the outer edges and is 0 beyond them.
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/psf/psf_table/index.html
public struct PSFTable: Sendable {
    public let grid: IRFGrid
    public let isPointLike: Bool
    public let meta: FITSHeader

    public init(grid: IRFGrid, isPointLike: Bool = false, meta: FITSHeader = FITSHeader()) {
        self.grid = grid
        self.isPointLike = isPointLike
        self.meta = meta
    }

    public var energyAxisTrue: MapAxis { grid.axes[0] }
    public var offsetAxis: MapAxis { grid.axes[1] }
    public var radAxis: MapAxis { grid.axes[2] }
    /// Values on `[energy_true][offset][rad]`, C order, in `unit`.
    public var data: [Double] { grid.data }
    public var unit: String { grid.unit }

    /// PSF value (in `unit`) at true energies (TeV), offsets (deg) and radii (deg), broadcast.
    public func evaluate(energyTrue: ShapedArray? = nil, offset: ShapedArray? = nil, rad: ShapedArray? = nil,
                         method: IRFGrid.Method? = nil) throws -> ShapedArray {
        try grid.evaluate([grid.coordinate(energyTrue, from: "TeV", axis: 0),
                           grid.coordinate(offset, from: "deg", axis: 1),
                           grid.coordinate(rad, from: "deg", axis: 2)], method: method)
    }

    /// PSF value at one point.
    public func evaluate(energyTrue: Double, offset: Double, rad: Double) throws -> Double {
        try evaluate(energyTrue: ShapedArray(scalar: energyTrue), offset: ShapedArray(scalar: offset),
                     rad: ShapedArray(scalar: rad)).values[0]
    }
}

extension PSFTable {
    /// Reads a `psf_table` table (column `RPSF`, axes `ENERG`, `THETA`, `RAD`).
    public init(table: FITSTable) throws {
        let grid = try GADFTable.grid(table, column: "RPSF", axes: ["energy_true", "offset", "rad"], defaultUnit: "sr-1")
        self.init(grid: grid, isPointLike: GADFTable.isPointLike(table.header), meta: table.header)
    }
}
