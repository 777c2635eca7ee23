import FITSIO
import Foundation

/// Region maps in Gammapy's "gadf" layout (`RegionNDMap.write` / `read`): a binary table
/// `hdu` (default `SKYMAP`) with `CHANNEL` (int16) and `DATA` (one row per bin of the last
/// axis, cells of the remaining shape, `TDIM`, `TUNIT` = the map unit, the axes' `AXCOLSi`
/// in the header), the bands table `<hdu>_BANDS` and the region table `<hdu>_REGION`.
extension Map where Geometry == RegionGeom {
    /// Writes the map to a new file (an empty primary HDU, then the three tables).
    public func write(to path: String, hdu: String = "SKYMAP", overwrite: Bool = false) throws {
        let writer = try FITSWriter(path: path, overwrite: overwrite)
        try writer.writeEmptyPrimary()
        try append(to: writer, hdu: hdu)
        try writer.commit()
    }

    /// Appends the map's tables (`hdu`, `<hdu>_BANDS`, `<hdu>_REGION`) to a file being written,
    /// numeric values stored as `storage` when given (Gammapy's float32 counts), `extraCards`
    /// (Gammapy's CREATOR/CREATED) in the three headers.
    public func append(to writer: FITSWriter, hdu: String, hduBands: String? = nil, hduRegion: String? = nil,
                       storage: FITSMapStorage? = nil, extraCards: [FITSCard] = []) throws {
        let name = hdu.uppercased()
        let shape = dataShape
        let rows = shape[0]
        let cell = Array(shape.dropFirst())
        let repeatCount = cell.reduce(1, *)
        var values: FITSColumnValues
        switch data {
        case let v as [Float]: values = .float(v)
        case let v as [Double]: values = .double(v)
        case let v as [Bool]: values = .bool(v)
        case let v as [Int32]: values = .int32(v)
        case let v as [Int16]: values = .int16(v)
        case let v as [UInt8]: values = .uint8(v)
        default: values = .int64(data.map { Int64($0.mapValue) })
        }
        switch (storage, values) {
        case (.float32?, .double(let v)): values = .float(v.map { Float($0) })
        case (.float64?, .float(let v)): values = .double(v.map { Double($0) })
        default: break
        }
        let columns = [
            FITSColumn("CHANNEL", .int16((0..<rows).map { Int16(truncatingIfNeeded: $0) })),
            FITSColumn("DATA", values, repeatCount: repeatCount, dimensions: cell.count > 1 ? Array(cell.reversed()) : nil, unit: unit),
        ]
        try writer.writeTable(name: name, columns: columns, rowCount: rows, header: geom.axes.headerCards + extraCards)
        try geom.axes.writeBands(to: writer, name: (hduBands ?? "\(name)_BANDS").uppercased(), extraCards: extraCards)
        try geom.writeRegionTable(to: writer, name: (hduRegion ?? "\(name)_REGION").uppercased(), extraCards: extraCards)
    }

    /// Reads a region map (Gammapy's `RegionNDMap.read(format="gadf")`).
    public static func read(from path: String, hdu: String = "SKYMAP") throws -> Map {
        try read(from: FITSFile(path: path), hdu: hdu)
    }

    /// Reads a region map from an open file: data from `hdu`, axes from `<hdu>_BANDS`, the
    /// region (when present) from `<hdu>_REGION`.
    public static func read(from file: FITSFile, hdu: String = "SKYMAP") throws -> Map {
        let name = hdu.uppercased()
        let table = try MapFITS.rethrow(name) { try file.table(name) }
        let bands = try MapFITS.rethrow("\(name)_BANDS") { try file.table("\(name)_BANDS") }
        let axes = try MapAxes.fromBandsTable(bands)
        var geom: RegionGeom
        if file.hdus.contains(where: { $0.name.uppercased() == "\(name)_REGION" }) {
            let (region, wcs) = try RegionGeom.readRegionTable(try file.table("\(name)_REGION"))
            geom = try RegionGeom(region: region, axes: axes, wcs: wcs)
        } else {
            geom = try RegionGeom(region: nil, axes: axes)
        }
        guard let info = table.columnInfo("DATA") else {
            throw MapError(.notAMap, subject: "\(file.path), HDU \(name)", message: "no DATA column: not a region map in Gammapy's layout")
        }
        let raw: [Double] = info.typeCode == "L"
            ? try table.logicalColumn("DATA").map { $0 ? 1 : 0 }
            : try MapFITS.rethrow(name) { try table.column("DATA", as: Double.self) }
        guard raw.count == geom.dataCount else {
            throw MapError(.shapeMismatch, subject: "\(file.path), HDU \(name)",
                           message: "\(raw.count) values in DATA for the geometry's shape \(geom.dataShape)")
        }
        return try Map(geom: geom, data: raw.map(Element.converting), unit: info.unit, meta: [:])
    }
}
