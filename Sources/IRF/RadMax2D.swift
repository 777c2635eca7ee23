import FITSIO
import GammaMaps

/// The angular cut applied to point-like IRFs versus reconstructed energy and offset (GADF
/// `rad_max_2d`), Gammapy's `RadMax2D`.
///
/// Axes `energy` (log), `offset` (lin); data in deg. Evaluation as other IRFs: linear between
/// bin centres, 0 outside the axes' edges (Gammapy's default `fill_value=0`). A cut made from a
/// fixed `RAD_MAX` keyword (`init(fixedFrom:)`) is one value everywhere (nearest, no fill).
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/point_like/rad_max/index.html
public struct RadMax2D: Sendable {
    public let grid: IRFGrid
    public let meta: FITSHeader

    public init(grid: IRFGrid, meta: FITSHeader = FITSHeader()) {
        self.grid = grid
        self.meta = meta
    }

    public var energyAxis: MapAxis { grid.axes[0] }
    public var offsetAxis: MapAxis { grid.axes[1] }
    public var data: [Double] { grid.data }
    public var unit: String { grid.unit }

    /// Whether the cut has a single value (Gammapy's `is_fixed_rad_max`: both axes one bin).
    public var isFixedRadMax: Bool { energyAxis.nbin == 1 && offsetAxis.nbin == 1 }

    /// RAD_MAX (in `unit`) at reconstructed energies (TeV) and offsets (deg), broadcast.
    public func evaluate(energy: ShapedArray? = nil, offset: ShapedArray? = nil,
                         method: IRFGrid.Method? = nil) throws -> ShapedArray {
        try grid.evaluate([grid.coordinate(energy, from: "TeV", axis: 0),
                           grid.coordinate(offset, from: "deg", axis: 1)], method: method)
    }

    /// RAD_MAX at one point.
    public func evaluate(energy: Double, offset: Double) throws -> Double {
        try evaluate(energy: ShapedArray(scalar: energy), offset: ShapedArray(scalar: offset)).values[0]
    }

    /// The fixed cut of a point-like effective area or energy dispersion without a RAD_MAX table
    /// (Gammapy's `RadMax2D.from_irf`): the `RAD_MAX` keyword on one bin spanning the true-energy
    /// and offset ranges, read as reconstructed energy.
    public init(fixedFrom axes: (energyTrue: MapAxis, offset: MapAxis), isPointLike: Bool, meta: FITSHeader) throws {
        guard isPointLike else {
            throw IRFError(.invalidData, file: meta.file, hdu: meta.hduName, message: "a fixed RAD_MAX needs a point-like IRF")
        }
        guard let value = meta.double("RAD_MAX") else {
            throw IRFError(.invalidKeyword, file: meta.file, hdu: meta.hduName, message: "the IRF has no RAD_MAX keyword")
        }
        let energy = try axes.energyTrue.renamed("energy").squash()
        let offset = try axes.offset.squash()
        let grid = try IRFGrid(axes: [energy, offset], data: [value], unit: "deg", method: .nearest, fillValue: nil)
        self.init(grid: grid, meta: meta)
    }

    /// The fixed cut of a point-like effective area.
    public init(fixedFrom aeff: EffectiveAreaTable2D) throws {
        try self.init(fixedFrom: (aeff.energyAxisTrue, aeff.offsetAxis), isPointLike: aeff.isPointLike, meta: aeff.meta)
    }

    /// The fixed cut of a point-like energy dispersion.
    public init(fixedFrom edisp: EnergyDispersion2D) throws {
        try self.init(fixedFrom: (edisp.energyAxisTrue, edisp.offsetAxis), isPointLike: edisp.isPointLike, meta: edisp.meta)
    }
}

extension RadMax2D {
    /// Reads a `rad_max_2d` table (column `RAD_MAX`, axes `ENERG` (reconstructed) and `THETA`).
    public init(table: FITSTable) throws {
        let grid = try GADFTable.grid(table, column: "RAD_MAX", axes: ["energy", "offset"], defaultUnit: "deg")
        self.init(grid: grid, meta: table.header)
    }
}
