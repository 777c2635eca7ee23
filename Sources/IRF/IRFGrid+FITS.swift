import FITSIO
import GammaMaps

/// Reading GADF DL3 IRF tables: axes from `<PREFIX>_LO`/`<PREFIX>_HI` columns and data from one
/// multi-dimensional cell, as Gammapy's `MapAxes.from_table(format="gadf-dl3")` and
/// `IRF.from_table`. Only the first row is used.
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/index.html
enum GADFTable {
    /// Column prefix → axis name and interpolation scale (Gammapy's `IRF_DL3_AXES_SPECIFICATION`),
    /// in the order Gammapy looks for them.
    static let axisSpecification: [(prefix: String, name: String, interp: InterpolationScale)] = [
        ("THETA", "offset", .lin),
        ("ENERG", "energy_true", .log),
        ("ETRUE", "energy_true", .log),
        ("RAD", "rad", .lin),
        ("DETX", "fov_lon", .lin),
        ("DETY", "fov_lat", .lin),
        ("MIGRA", "migra", .lin),
    ]

    /// The axes a class requires, in its order. An axis with `_LO == _HI` (within numpy's
    /// `allclose`) becomes a node axis on the `_HI` values; otherwise the edges are the `_LO` values
    /// and the last `_HI`. `ENERG` is named `energy` (reconstructed) in BKG and RAD_MAX tables
    /// (`clas2` overrides HDUCLAS2: Gammapy reads a background table without it as BKG).
    static func axes(_ table: FITSTable, required: [String], clas2 override: String? = nil) throws -> [MapAxis] {
        guard table.rowCount >= 1 else { throw IRFError(.invalidData, table, "the table has no rows") }
        let clas2 = override ?? table.header.string("HDUCLAS2")?.trimmingBlanks() ?? ""
        var found: [String: MapAxis] = [:]
        for spec in axisSpecification {
            let loName = "\(spec.prefix)_LO", hiName = "\(spec.prefix)_HI"
            guard let lo = table.columnInfo(loName), let hi = table.columnInfo(hiName) else { continue }
            var name = spec.name
            if (clas2 == "BKG" || clas2 == "RAD_MAX") && spec.prefix == "ENERG" { name = "energy" }
            if found[name] != nil { continue }
            let loValues = try firstCell(table, lo)
            let hiValues = try firstCell(table, hi)
            guard loValues.count == hiValues.count, !loValues.isEmpty else {
                throw IRFError(.invalidData, table, column: loName,
                               "\(loName) has \(loValues.count) values but \(hiName) has \(hiValues.count)")
            }
            let isNodeAxis = zip(hiValues, loValues).allSatisfy { h, l in Swift.abs(h - l) <= 1e-8 + 1e-5 * Swift.abs(l) }
            do {
                if isNodeAxis {
                    found[name] = try MapAxis.fromNodes(hiValues, name: name, unit: hi.unit, interp: spec.interp)
                } else {
                    found[name] = try MapAxis.fromEdges(loValues + [hiValues[hiValues.count - 1]], name: name,
                                                        unit: lo.unit, interp: spec.interp)
                }
            } catch let error as MapAxisError {
                throw IRFError(.invalidData, table, column: loName, error.message)
            }
        }
        return try required.map { name in
            if let axis = found[name] { return axis }
            let prefixes = axisSpecification.filter { $0.name == name || (name == "energy" && $0.prefix == "ENERG") }
                .map(\.prefix)
            let missing = prefixes.flatMap { ["\($0)_LO", "\($0)_HI"] }.first { !table.hasColumn($0) } ?? "\(prefixes[0])_LO"
            throw IRFError(.missingColumn, table, column: missing,
                           "the \(name) axis needs columns \(prefixes.map { "\($0)_LO/\($0)_HI" }.joined(separator: " or ")); "
                               + "the table has: \(table.columns.map(\.name).joined(separator: ", "))")
        }
    }

    /// The values of the first row of a column.
    static func firstCell(_ table: FITSTable, _ info: FITSColumnInfo) throws -> [Double] {
        guard "BIJKED".contains(info.typeCode) else {
            throw IRFError(.invalidData, table, column: info.name, "column of type '\(info.typeCode)' is not numeric")
        }
        let all = try table.column(info.name, as: Double.self)
        return all.count == info.repeatCount ? all : Array(all.prefix(max(info.repeatCount, 0)))
    }

    /// The first-row cell of a data column, transposed to C order over the TDIM axes (numpy's
    /// `.transpose()` of the cell: TDIM's first, fastest-varying axis becomes the slowest) when
    /// `transpose` is set, else in FITS order; TDIM in FITS order, the storage numpy would have,
    /// and TUNIT. Float32 columns are read as such and widened while reordering. NaN or ±inf is
    /// an error.
    static func dataCell(_ table: FITSTable, column name: String, transpose: Bool = true)
        throws -> (values: [Double], dims: [Int], storage: IRFGrid.ValueStorage, unit: String, name: String) {
        guard let info = table.columnInfo(name) else {
            throw IRFError(.missingColumn, table, column: name,
                           "column is missing; the table has: \(table.columns.map(\.name).joined(separator: ", "))")
        }
        guard table.rowCount >= 1 else { throw IRFError(.invalidData, table, "the table has no rows") }
        guard "BIJKED".contains(info.typeCode) else {
            throw IRFError(.invalidData, table, column: info.name, "column of type '\(info.typeCode)' is not numeric")
        }
        var dims = info.dimensions
        if dims.reduce(1, *) != info.repeatCount { dims = [info.repeatCount] }
        let values: [Double]
        if info.typeCode == "E" {
            let raw = try table.column(info.name, as: Float.self)
            values = transpose ? transposed(raw, dims: dims, count: info.repeatCount)
                               : raw.prefix(info.repeatCount).map(Double.init)
        } else {
            let raw = try table.column(info.name, as: Double.self)
            values = transpose ? transposed(raw, dims: dims, count: info.repeatCount) : Array(raw.prefix(info.repeatCount))
        }
        try requireFinite(values, table, column: info.name)
        let storage: IRFGrid.ValueStorage = info.typeCode == "D" ? .float64(nativeByteOrder: false) : .float32
        return (values, dims, storage, info.unit, info.name)
    }

    /// numpy's `.transpose()` of a FITS cell (the first `count` values): the array of shape
    /// `dims` (FITS order) in C order, element (i₀, i₁, …) = FITS element i₀ + d₀·(i₁ + d₁·(…)),
    /// last index fastest.
    static func transposed<T: BinaryFloatingPoint>(_ values: [T], dims: [Int], count: Int? = nil) -> [Double] {
        let n = dims.count
        let total = count ?? values.count
        var out = [Double](repeating: 0, count: total)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                if n <= 1 {
                    for i in 0..<total { dst[i] = Double(src[i]) }
                } else if n == 2 {
                    // dst[i0][i1] = src[i1][i0], in tiles that stay in cache
                    let d0 = dims[0], d1 = dims[1], tile = 32
                    for b0 in Swift.stride(from: 0, to: d0, by: tile) {
                        for b1 in Swift.stride(from: 0, to: d1, by: tile) {
                            for i0 in b0..<min(b0 + tile, d0) {
                                for i1 in b1..<min(b1 + tile, d1) { dst[i0 * d1 + i1] = Double(src[i0 + d0 * i1]) }
                            }
                        }
                    }
                } else if n == 3 {
                    // dst[i0][i1][i2] = src[i2][i1][i0]; for each i1 a 2-D transpose of (i0, i2)
                    let d0 = dims[0], d1 = dims[1], d2 = dims[2], tile = 32
                    for i1 in 0..<d1 {
                        for b0 in Swift.stride(from: 0, to: d0, by: tile) {
                            for b2 in Swift.stride(from: 0, to: d2, by: tile) {
                                for i0 in b0..<min(b0 + tile, d0) {
                                    let out0 = (i0 * d1 + i1) * d2, in0 = i0 + d0 * i1
                                    for i2 in b2..<min(b2 + tile, d2) { dst[out0 + i2] = Double(src[in0 + d0 * d1 * i2]) }
                                }
                            }
                        }
                    }
                } else {
                    var fitsStride = [Int](repeating: 1, count: n)
                    for k in 1..<n { fitsStride[k] = fitsStride[k - 1] * dims[k - 1] }
                    var index = [Int](repeating: 0, count: n)
                    for p in 0..<total {
                        var source = 0
                        for k in 0..<n { source += index[k] * fitsStride[k] }
                        dst[p] = Double(src[source])
                        var k = n - 1
                        while k >= 0 { index[k] += 1; if index[k] < dims[k] { break }; index[k] = 0; k -= 1 }
                    }
                }
            }
        }
        return out
    }

    /// Gammapy's `gadf_is_pointlike`: `HDUCLAS3 == POINT-LIKE`.
    static func isPointLike(_ header: FITSHeader) -> Bool {
        header.string("HDUCLAS3")?.trimmingBlanks() == "POINT-LIKE"
    }

    /// `FOVALIGN`, RADEC when absent.
    static func fovAlignment(_ table: FITSTable) throws -> FoVAlignment {
        guard let text = table.header.string("FOVALIGN")?.trimmingBlanks() else { return .raDec }
        guard let value = FoVAlignment(rawValue: text) else {
            throw IRFError(.invalidKeyword, table, "FOVALIGN='\(text)' is not one of ALTAZ, RADEC, REVERSE_LON_RADEC")
        }
        return value
    }

    /// Reads a generic IRF: required axes and the data column, transposed to the axes' order
    /// (Gammapy's `IRF.from_table`: `table[column].quantity[0].transpose()`).
    static func grid(_ table: FITSTable, column: String, axes required: [String], valuesScale: InterpolationScale = .lin,
                     fillValue: Double? = 0, outOfBounds: IRFGrid.OutOfBounds = .anyAxis,
                     defaultUnit: String = "") throws -> IRFGrid {
        let axes = try axes(table, required: required)
        let cell = try dataCell(table, column: column)
        let shape = axes.map(\.nbin)
        guard cell.dims == shape else {
            throw IRFError(.invalidData, table, column: cell.name,
                           "data shape \(cell.dims) (TDIM, FITS order) does not match the axes \(required) of shape \(shape)")
        }
        return try IRFGrid(axes: axes, data: cell.values, storage: cell.storage, unit: cell.unit.isEmpty ? defaultUnit : cell.unit,
                           valuesScale: valuesScale, fillValue: fillValue, outOfBounds: outOfBounds)
    }
}
