import FITSIO
import Foundation

/// Region maps in OGIP spectrum files, as Gammapy's `RegionNDMap.to_hdulist(format="ogip")`
/// and `from_hdulist(format="ogip" | "ogip-arf")` lay them out: a PHA-type `SPECTRUM` table
/// (one row per channel of the `energy` axis), the `EBOUNDS` table of that axis and, when the
/// geometry has one, its `REGION` table; an ARF's `SPECRESP` table over the `energy_true` axis.
extension RegionGeom {
    /// Appends `SPECTRUM` (`CHANNEL`, then `columns`, `header` after EXTNAME), `EBOUNDS` and
    /// `REGION`. The geometry must have the single axis `energy`.
    package func appendOGIPSpectrum(to writer: FITSWriter, columns: [FITSColumn], header: [FITSCard],
                                    format: OGIPFormat, extraCards: [FITSCard] = []) throws {
        let energy = try ogipAxis("energy")
        let channel = FITSColumn("CHANNEL", .int16((0..<energy.nbin).map { Int16(truncatingIfNeeded: $0) }))
        try writer.writeTable(name: "SPECTRUM", columns: [channel] + columns, rowCount: energy.nbin, header: header + extraCards)
        try energy.appendOGIPEBounds(to: writer, format: format, extraCards: extraCards)
        try writeRegionTable(to: writer, name: "REGION", extraCards: extraCards)
    }

    /// The geometry of a PHA file: the `energy` axis from `EBOUNDS`, the region (when the file
    /// has one) from `REGION` in its own WCS.
    package static func readOGIPSpectrum(from file: FITSFile) throws -> RegionGeom {
        let bands = try MapFITS.rethrow("EBOUNDS") { try file.table("EBOUNDS") }
        let axis = try MapAxis.fromOGIPEBounds(bands)
        guard file.hdus.contains(where: { $0.name.uppercased() == "REGION" }) else { return try RegionGeom(region: nil, axes: [axis]) }
        let (region, wcs) = try readRegionTable(try MapFITS.rethrow("REGION") { try file.table("REGION") })
        return try RegionGeom(region: region, axes: [axis], wcs: wcs)
    }

    /// The geometry's only axis, which must be `name` with edges (OGIP tables hold one energy axis).
    func ogipAxis(_ name: String) throws -> MapAxis {
        guard axes.count == 1, let axis = axes.first, axis.name == name else {
            throw MapError(.invalidArgument, subject: "axes \(axes.names)",
                           message: "OGIP tables hold a single '\(name)' axis")
        }
        return axis
    }
}

extension Map where Geometry == RegionGeom, Element == Double {
    /// Appends the map, an effective area over `energy_true`, as an ARF `SPECRESP` table
    /// (`ENERG_LO`, `ENERG_HI`, `SPECRESP` in m² or, for Sherpa, cm²) with Gammapy's header.
    package func appendOGIPARF(to writer: FITSWriter, format: OGIPFormat, extraCards: [FITSCard] = []) throws {
        let axis = try geom.ogipAxis("energy_true")
        guard let factor = UnitConversion.factor(from: unit, to: format.areaUnit) else {
            throw MapError(.invalidArgument, subject: "effective area", message: "unit '\(unit)' is not an area")
        }
        let header = [
            FITSCard("TELESCOP", .string("unknown")), FITSCard("INSTRUME", .string("unknown")),
            FITSCard("FILTER", .string("None")), FITSCard("HDUCLASS", .string("OGIP")),
            FITSCard("HDUCLAS1", .string("RESPONSE")), FITSCard("HDUCLAS2", .string("SPECRESP")),
            FITSCard("HDUVERS", .string("1.1.0")),
        ]
        let area = data.map { NumpyCompat.nanToNum($0) * factor }
        try writer.writeTable(name: "SPECRESP",
                              columns: try axis.ogipEnergyTrueColumns(format: format, float32: false)
                                  + [FITSColumn("SPECRESP", .double(area), unit: format.areaUnit)],
                              rowCount: axis.nbin, header: header + extraCards)
    }

    /// Reads an ARF's `SPECRESP` (Gammapy's `RegionNDMap.read(format="ogip-arf")`): a map over
    /// `energy_true` without region, in the column's unit.
    package static func readOGIPARF(from file: FITSFile) throws -> Map {
        let table = try MapFITS.rethrow("SPECRESP") { try file.table("SPECRESP") }
        let geom = try RegionGeom(region: nil, axes: [try MapAxis.fromOGIPEnergyTrue(table)])
        let values = try MapFITS.rethrow("SPECRESP") { try table.column("SPECRESP", as: Double.self) }
        guard values.count == geom.dataCount else {
            throw MapError(.shapeMismatch, subject: "\(file.path), HDU SPECRESP", message: "\(values.count) values for \(geom.dataCount) bins")
        }
        return try Map(geom: geom, data: values, unit: table.columnInfo("SPECRESP")?.unit ?? "", meta: [:])
    }
}
