import FITSIO
import Foundation

/// The `*_BANDS` table of a map file in Gammapy's "gadf" layout
/// (https://gamma-astro-data-formats.readthedocs.io/en/latest/skymaps/index.html):
/// one row per non-spatial bin (`CHANNEL`), per axis a centre column and, for edge axes, the
/// `_MIN`/`_MAX` columns (`ENERGY`, `E_MIN`, `E_MAX` for the energy axis); header keywords
/// `AXCOLSi` name the columns that define axis `i` (1-based) and `INTERPi` its scale.
extension MapAxes {
    /// `AXCOLSi` and `INTERPi` for every axis (Gammapy's `MapAxes.to_header`).
    public var headerCards: [FITSCard] {
        var cards: [FITSCard] = []
        for (i, axis) in axes.enumerated() {
            let name = axis.name.uppercased()
            let columns: String
            switch (axis.name == "energy", axis.nodeType) {
            case (true, .edges): columns = "E_MIN,E_MAX"
            case (true, .center): columns = "ENERGY"
            case (false, .edges): columns = "\(name)_MIN,\(name)_MAX"
            case (false, .center): columns = name
            }
            cards.append(FITSCard("AXCOLS\(i + 1)", .string(columns)))
            cards.append(FITSCard("INTERP\(i + 1)", .string(axis.interp.rawValue)))
        }
        return cards
    }

    /// The columns of the bands table (Gammapy's `MapAxes.to_table(format="gadf")`), rows in
    /// Gammapy's order: numpy's `meshgrid` with its default `xy` indexing, so for two or more
    /// axes the second axis varies slowest, then the first, then the third and following.
    public var bandsColumns: [FITSColumn] {
        let shape = self.shape
        let count = binCount
        // meshgrid('xy') output shape: (n1, n0, n2, n3, ...)
        var gridShape = shape
        if shape.count >= 2 { gridShape.swapAt(0, 1) }
        var strides = [Int](repeating: 1, count: gridShape.count)
        for k in stride(from: gridShape.count - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * gridShape[k + 1] }
        func gridDimension(ofAxis k: Int) -> Int { shape.count >= 2 && k < 2 ? 1 - k : k }

        var columns = [FITSColumn("CHANNEL", .int64((0..<Int64(count)).map { $0 }))]
        for (k, axis) in axes.enumerated() {
            let d = gridDimension(ofAxis: k)
            let index = (0..<count).map { ($0 / strides[d]) % gridShape[d] }
            let name = axis.name.uppercased()
            let names = name == "ENERGY" ? ["ENERGY", "E_MIN", "E_MAX"] : [name, name + "_MIN", name + "_MAX"]
            let values = [axis.centers, axis.edgesMin, axis.edgesMax]
            for (column, v) in zip(names, values) {
                columns.append(FITSColumn(column, .double(index.map { v[$0] }), unit: axis.unit))
            }
        }
        return columns
    }

    /// Appends the bands table as HDU `name` to a file being written.
    public func writeBands(to writer: FITSWriter, name: String, extraCards: [FITSCard] = []) throws {
        try writer.writeTable(name: name, columns: bandsColumns, rowCount: binCount, header: headerCards + extraCards)
    }

    /// Axes from a bands table in Gammapy's "gadf" layout (Gammapy's `MapAxes.from_table`):
    /// up to five `AXCOLSi`; centre axes take the sorted unique values of their column, edge
    /// axes the unique `_MIN` values plus the last unique `_MAX`; `E_MIN` names the `energy`
    /// axis, a `THETA` axis is read as `rad`. Label and time axes are not supported.
    public static func fromBandsTable(_ table: FITSTable) throws -> MapAxes {
        let header = table.header
        var axes: [MapAxis] = []
        for i in 1...5 {
            guard let axcols = header.string("AXCOLS\(i)")?.trimmingCharacters(in: .whitespaces) else { break }
            let columns = axcols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let subject = "HDU \(table.name), AXCOLS\(i)"
            guard columns.count == 1 || columns.count == 2 else {
                throw MapError(.notAMap, subject: subject, message: "expected one or two column names, got '\(axcols)'")
            }
            var name = columns[0] == "E_MIN" ? "energy" : columns[0].replacingOccurrences(of: "_MIN", with: "").lowercased()
            if name == "theta" { name = "rad" }
            if name == "time" && (header.contains("MJDREFI") || header.contains("MJDREF")) {
                throw MapError(.unsupported, subject: subject, message: "time axes (TimeMapAxis) are not supported")
            }
            let interpText = header.string("INTERP\(i)")?.trimmingCharacters(in: .whitespaces) ?? "lin"
            guard let interp = InterpolationScale(gammapyName: interpText) else {
                throw MapError(.notAMap, subject: "HDU \(table.name), INTERP\(i)", message: "unknown interpolation '\(interpText)'")
            }
            for column in columns {
                guard let info = table.columnInfo(column) else {
                    throw MapError(.notAMap, subject: subject, message: "column \(column) is missing from the bands table")
                }
                guard "BIJKED".contains(info.typeCode) else {
                    throw MapError(.unsupported, subject: subject, message: "column \(column) is not numeric (label axes are not supported)")
                }
            }
            let unit = table.columnInfo(columns[0])?.unit ?? ""
            let axis: MapAxis
            do {
                if columns.count == 1 {
                    let nodes = Array(Set(try table.column(columns[0], as: Double.self))).sorted()
                    axis = try MapAxis(nodes: nodes, interp: interp, name: name, nodeType: .center, unit: unit)
                } else {
                    let lo = Array(Set(try table.column(columns[0], as: Double.self))).sorted()
                    let hi = Array(Set(try table.column(columns[1], as: Double.self))).sorted()
                    guard let last = hi.last else {
                        throw MapError(.notAMap, subject: subject, message: "the bands table has no rows")
                    }
                    axis = try MapAxis(nodes: lo + [last], interp: interp, name: name, nodeType: .edges, unit: unit)
                }
            } catch let error as MapAxisError {
                throw MapError(.notAMap, subject: subject, message: error.message)
            }
            axes.append(axis)
        }
        return try MapAxes(axes)
    }
}
