import FITSIO

/// Energy axes in OGIP tables, as Gammapy's `MapAxis.to_table` / `from_table` handle them: the
/// reconstructed-energy axis as the `EBOUNDS` extension (`CHANNEL`, `E_MIN`, `E_MAX`), the
/// true-energy axis as the `ENERG_LO`, `ENERG_HI` columns of an ARF or RMF.
extension MapAxis {
    /// The edges in `unit` (the axis' own unit when it has none).
    package func edges(in unit: String) throws -> [Double] {
        guard !self.unit.isEmpty, self.unit != unit else { return edges }
        guard let factor = UnitConversion.factor(from: self.unit, to: unit) else {
            throw MapError(.invalidArgument, subject: "axis '\(name)'", message: "unit '\(self.unit)' is not an energy")
        }
        return edges.map { $0 * factor }
    }

    /// Appends the axis as an `EBOUNDS` extension with Gammapy's header (`MapAxis.to_table_hdu`).
    /// - Throws: `MapError(.invalidArgument)` unless it is the `energy` axis with edges.
    package func appendOGIPEBounds(to writer: FITSWriter, format: OGIPFormat, extraCards: [FITSCard] = []) throws {
        guard name == "energy", nodeType == .edges else {
            throw MapError(.invalidArgument, subject: "axis '\(name)'", message: "only the 'energy' axis of edges can be an OGIP EBOUNDS table")
        }
        let edges = try edges(in: format.energyUnit)
        let header = [
            FITSCard("TELESCOP", .string("DUMMY"), comment: "Mission/satellite name"),
            FITSCard("INSTRUME", .string("DUMMY"), comment: "Instrument/detector"),
            FITSCard("FILTER", .string("None"), comment: "Filter information"),
            FITSCard("CHANTYPE", .string("PHA"), comment: "Type of channels (PHA, PI etc)"),
            FITSCard("DETCHANS", .int(Int64(nbin)), comment: "Total number of detector PHA channels"),
            FITSCard("HDUCLASS", .string("OGIP"), comment: "Organisation devising file format"),
            FITSCard("HDUCLAS1", .string("RESPONSE"), comment: "File relates to response of instrument"),
            FITSCard("HDUCLAS2", .string("EBOUNDS"), comment: "This is an EBOUNDS extension"),
            FITSCard("HDUVERS", .string("1.2.0"), comment: "Version of file format"),
        ]
        try writer.writeTable(name: "EBOUNDS", columns: [
            FITSColumn("CHANNEL", .int16((0..<nbin).map { Int16(truncatingIfNeeded: $0) })),
            FITSColumn("E_MIN", .double(Array(edges.dropLast())), unit: format.energyUnit),
            FITSColumn("E_MAX", .double(Array(edges.dropFirst())), unit: format.energyUnit),
        ], rowCount: nbin, header: header + extraCards)
    }

    /// The `ENERG_LO` and `ENERG_HI` columns of the `energy_true` axis, stored as float32 (as in an RMF) or float64 (as in an ARF).
    package func ogipEnergyTrueColumns(format: OGIPFormat, float32: Bool) throws -> [FITSColumn] {
        guard name == "energy_true", nodeType == .edges else {
            throw MapError(.invalidArgument, subject: "axis '\(name)'", message: "only the 'energy_true' axis of edges has OGIP ENERG_LO/ENERG_HI columns")
        }
        let edges = try edges(in: format.energyUnit)
        let low = Array(edges.dropLast()), high = Array(edges.dropFirst())
        return float32
            ? [FITSColumn("ENERG_LO", .float(low.map { Float($0) }), unit: format.energyUnit),
               FITSColumn("ENERG_HI", .float(high.map { Float($0) }), unit: format.energyUnit)]
            : [FITSColumn("ENERG_LO", .double(low), unit: format.energyUnit),
               FITSColumn("ENERG_HI", .double(high), unit: format.energyUnit)]
    }

    /// The `energy` axis (log interpolation) of an `EBOUNDS` table: the `E_MIN` values and the
    /// last `E_MAX`, in the columns' unit.
    package static func fromOGIPEBounds(_ table: FITSTable) throws -> MapAxis {
        try fromOGIPColumns(table, low: "E_MIN", high: "E_MAX", name: "energy")
    }

    /// The `energy_true` axis of an ARF's or RMF's `ENERG_LO`, `ENERG_HI` columns.
    package static func fromOGIPEnergyTrue(_ table: FITSTable) throws -> MapAxis {
        try fromOGIPColumns(table, low: "ENERG_LO", high: "ENERG_HI", name: "energy_true")
    }

    private static func fromOGIPColumns(_ table: FITSTable, low: String, high: String, name: String) throws -> MapAxis {
        try MapFITS.rethrow(table.name) {
            let lows = try table.column(low, as: Double.self), highs = try table.column(high, as: Double.self)
            guard let last = highs.last, !lows.isEmpty else {
                throw MapError(.notAMap, subject: "\(table.file.path), HDU \(table.name)", message: "no rows in \(low)/\(high)")
            }
            do {
                return try MapAxis(edges: lows + [last], name: name, unit: table.columnInfo(low)?.unit ?? "", interp: .log)
            } catch let error as MapAxisError {
                throw MapError(.notAMap, subject: "\(table.file.path), HDU \(table.name), columns \(low)/\(high)", message: error.message)
            }
        }
    }
}
