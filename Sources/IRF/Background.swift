import FITSIO
import GammaMaps

/// Background rate versus reconstructed energy and offset (GADF `bkg_2d`), Gammapy's
/// `Background2D`.
///
/// Axes `energy` (log), `offset` (lin); data in `unit` (s⁻¹ MeV⁻¹ sr⁻¹, assumed when the file
/// has no usable unit). Interpolation is linear in log of the values (zeros interpolate as the
/// smallest normal number and come back as 0), 0 outside the axes' edges.
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/bkg/index.html
public struct Background2D: Sendable {
    public let grid: IRFGrid
    public let isPointLike: Bool
    public let fovAlignment: FoVAlignment
    public let meta: FITSHeader

    public init(grid: IRFGrid, isPointLike: Bool = false, fovAlignment: FoVAlignment = .raDec, meta: FITSHeader = FITSHeader()) {
        self.grid = grid
        self.isPointLike = isPointLike
        self.fovAlignment = fovAlignment
        self.meta = meta
    }

    public var energyAxis: MapAxis { grid.axes[0] }
    public var offsetAxis: MapAxis { grid.axes[1] }
    /// Values on `[energy][offset]`, C order.
    public var data: [Double] { grid.data }
    public var unit: String { grid.unit }

    /// Background rate (in `unit`) at reconstructed energies (TeV) and offsets (deg), broadcast.
    public func evaluate(energy: ShapedArray? = nil, offset: ShapedArray? = nil, method: IRFGrid.Method? = nil) throws -> ShapedArray {
        try grid.evaluate([grid.coordinate(energy, from: "TeV", axis: 0),
                           grid.coordinate(offset, from: "deg", axis: 1)], method: method)
    }

    /// Background rate at one point.
    public func evaluate(energy: Double, offset: Double) throws -> Double {
        try evaluate(energy: ShapedArray(scalar: energy), offset: ShapedArray(scalar: offset)).values[0]
    }

    /// The model with zeros and non-finite values filled along `energy` (Gammapy's
    /// `interp_missing_data`, which `MapDatasetMaker` applies by default).
    public func interpolatingMissingData() throws -> Background2D {
        Background2D(grid: try grid.interpolatingMissingData(along: "energy"), isPointLike: isPointLike,
                     fovAlignment: fovAlignment, meta: meta)
    }

    /// The model padded by one offset bin on each side with the edge values (Gammapy's
    /// `pad(1, mode="edge", axis_name="offset")`, `MapDatasetMaker`'s `background_pad_offset`).
    /// As in Gammapy the result is a plain full-enclosure RADEC model.
    public func paddedOffset(_ width: Int = 1) throws -> Background2D {
        Background2D(grid: try grid.padded(along: "offset", low: width, high: width), meta: meta)
    }
}

/// Background rate versus reconstructed energy and field-of-view coordinates (GADF `bkg_3d`),
/// Gammapy's `Background3D`.
///
/// Axes `energy` (log), `fov_lon`, `fov_lat` (lin); data in `unit`. `fovAlignment` says whether
/// the FoV coordinates follow RA/Dec or Alt/Az (RADEC when `FOVALIGN` is absent). Interpolation
/// as `Background2D`.
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/bkg/index.html
public struct Background3D: Sendable {
    public let grid: IRFGrid
    public let isPointLike: Bool
    public let fovAlignment: FoVAlignment
    public let meta: FITSHeader

    public init(grid: IRFGrid, isPointLike: Bool = false, fovAlignment: FoVAlignment = .raDec, meta: FITSHeader = FITSHeader()) {
        self.grid = grid
        self.isPointLike = isPointLike
        self.fovAlignment = fovAlignment
        self.meta = meta
    }

    public var energyAxis: MapAxis { grid.axes[0] }
    public var fovLonAxis: MapAxis { grid.axes[1] }
    public var fovLatAxis: MapAxis { grid.axes[2] }
    /// Values on `[energy][fov_lon][fov_lat]`, C order.
    public var data: [Double] { grid.data }
    public var unit: String { grid.unit }

    /// Background rate (in `unit`) at reconstructed energies (TeV) and FoV coordinates (deg),
    /// broadcast.
    public func evaluate(energy: ShapedArray? = nil, fovLon: ShapedArray? = nil, fovLat: ShapedArray? = nil,
                         method: IRFGrid.Method? = nil) throws -> ShapedArray {
        try grid.evaluate([grid.coordinate(energy, from: "TeV", axis: 0),
                           grid.coordinate(fovLon, from: "deg", axis: 1),
                           grid.coordinate(fovLat, from: "deg", axis: 2)], method: method)
    }

    /// Background rate at one point.
    public func evaluate(energy: Double, fovLon: Double, fovLat: Double) throws -> Double {
        try evaluate(energy: ShapedArray(scalar: energy), fovLon: ShapedArray(scalar: fovLon),
                     fovLat: ShapedArray(scalar: fovLat)).values[0]
    }

    /// The model with zeros and non-finite values filled along `energy` (Gammapy's
    /// `interp_missing_data`, which `MapDatasetMaker` applies by default).
    public func interpolatingMissingData() throws -> Background3D {
        Background3D(grid: try grid.interpolatingMissingData(along: "energy"), isPointLike: isPointLike,
                     fovAlignment: fovAlignment, meta: meta)
    }

    /// The same model with another FoV alignment.
    public func with(fovAlignment: FoVAlignment) -> Background3D {
        Background3D(grid: grid, isPointLike: isPointLike, fovAlignment: fovAlignment, meta: meta)
    }

    /// The radial profile at fov_lat = 0 from fov_lon = 0 outwards (Gammapy's `to_2d`, used by the
    /// `bkg-peak` safe mask): the bins from the one containing 0 along lon, the lat bin containing
    /// 0, offset edges the lon edges from there.
    public func to2D() throws -> Background2D {
        let lon = fovLonAxis, lat = fovLatAxis
        let iLon = lon.coordToIndex(0), iLat = lat.coordToIndex(0)
        guard iLon >= 0, iLat >= 0 else {
            throw InterpolationError("the FoV axes do not contain 0")
        }
        let nE = energyAxis.nbin, nLon = lon.nbin, nLat = lat.nbin
        var values: [Double] = []
        let data = self.data  // once: the stored values are widened on each read
        for e in 0..<nE { for j in iLon..<nLon { values.append(data[(e * nLon + j) * nLat + iLat]) } }
        let offset = try MapAxis.fromEdges(Array(lon.edges[iLon...]), name: "offset", unit: lon.unit)
        let grid2 = try IRFGrid(axes: [energyAxis, offset], data: values, storage: grid.storage, unit: unit,
                                valuesScale: .log, fillValue: 0)
        return Background2D(grid: grid2)
    }
}

extension Background2D {
    /// Reads a `bkg_2d` table (column `BKG`, or `BGD` as in CTA 1DC files; axes ENERG, THETA).
    public init(table: FITSTable) throws {
        let (grid, alignment) = try BackgroundTable.grid(table, axes: ["energy", "offset"])
        self.init(grid: grid, isPointLike: GADFTable.isPointLike(table.header), fovAlignment: alignment, meta: table.header)
    }
}

extension Background3D {
    /// Reads a `bkg_3d` table (column `BKG` or `BGD`; axes ENERG, DETX, DETY).
    public init(table: FITSTable) throws {
        let (grid, alignment) = try BackgroundTable.grid(table, axes: ["energy", "fov_lon", "fov_lat"])
        self.init(grid: grid, isPointLike: GADFTable.isPointLike(table.header), fovAlignment: alignment, meta: table.header)
    }
}

/// Gammapy's `BackgroundIRF.from_table`.
enum BackgroundTable {
    static let defaultUnit = "s-1 MeV-1 sr-1"

    static func grid(_ table: FITSTable, axes names: [String]) throws -> (IRFGrid, FoVAlignment) {
        // Gammapy assumes HDUCLAS2 = BKG when it is missing (reconstructed energy axis)
        let clas2 = table.header.string("HDUCLAS2")?.trimmingBlanks() ?? "BKG"
        let axes = try GADFTable.axes(table, required: names, clas2: clas2)
        let column = table.hasColumn("BKG") ? "BKG" : (table.hasColumn("BGD") ? "BGD" : "BKG")
        guard let info = table.columnInfo(column) else {
            throw IRFError(.missingColumn, table, column: column,
                           "column is missing (BKG, or BGD as in CTA 1DC); the table has: "
                               + table.columns.map(\.name).joined(separator: ", "))
        }
        let shape = axes.map(\.nbin)
        // The spec's order is (ENERG, DETY, DETX) slowest first; H.E.S.S. and CTA files store the
        // reverse. Like Gammapy: transpose when TDIM matches the axes, else take the cell as is.
        let transpose = info.dimensions == shape
        let cell = try GADFTable.dataCell(table, column: column, transpose: transpose)
        let data = cell.values
        if !transpose && Array(cell.dims.reversed()) != shape {
            throw IRFError(.invalidData, table, column: cell.name,
                           "data shape \(cell.dims) (TDIM, FITS order) does not match the axes \(names) of shape \(shape)")
        }
        let unit = cell.unit.isEmpty || !UnitConversion.isRecognized(cell.unit) ? defaultUnit : cell.unit
        let grid = try IRFGrid(axes: axes, data: data, storage: cell.storage, unit: unit, valuesScale: .log, fillValue: 0)
        return (grid, try GADFTable.fovAlignment(table))
    }
}
