import FITSIO
import Foundation

/// WCS maps in Gammapy's "gadf" FITS layout (`Map.write` / `Map.read`,
/// https://gamma-astro-data-formats.readthedocs.io/en/latest/skymaps/sky_maps/index.html):
/// an image HDU with the WCS header, `WCSSHAPE`, the axes' `AXCOLSi`/`INTERPi`, `BANDSHDU`
/// (when there are axes), `META` and `BUNIT`, the data in FITS order (NAXIS1 = lon), and a
/// `<hdu>_BANDS` table for the non-spatial axes. Masks are written as 64-bit integers 0/1.
extension Map where Geometry == WcsGeom {
    /// The header cards Gammapy writes with the image (after the structural keywords).
    func imageCards(hduBands: String?) -> [FITSCard] {
        var cards = geom.headerCards
        if let hduBands, !geom.axes.isEmpty { cards.append(FITSCard("BANDSHDU", .string(hduBands))) }
        cards.append(MapFITS.metaCard(meta))
        cards.append(FITSCard("BUNIT", .string(unit)))
        return cards
    }

    /// Writes the map to a new file as Gammapy's `Map.write` does: into the primary HDU by
    /// default, or as extension `hdu` after an empty primary; the bands table follows as
    /// `hduBands` (default `<hdu>_BANDS`, `PRIMARY_BANDS` for the primary). The file appears
    /// only when complete; an existing file is replaced only with `overwrite`.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    @_specialize(exported: true, where Element == Bool)
    public func write(to path: String, hdu: String? = nil, hduBands: String? = nil, overwrite: Bool = false) throws {
        let name = (hdu ?? "PRIMARY").uppercased()
        let writer = try FITSWriter(path: path, overwrite: overwrite)
        let bands = (hduBands ?? "\(name)_BANDS").uppercased()
        if name == "PRIMARY" {
            try writer.writeImage(data.map(\.fitsStorage), shape: fitsShape, header: imageCards(hduBands: bands))
            if !geom.axes.isEmpty { try geom.axes.writeBands(to: writer, name: bands) }
        } else {
            try writer.writeEmptyPrimary()
            try append(to: writer, hdu: name, hduBands: bands)
        }
        try writer.commit()
    }

    /// Appends the map as image extension `hdu` (and its bands table `hduBands`, default
    /// `<hdu>_BANDS`) to a file being written — how a MapDataset file holds COUNTS,
    /// COUNTS_BANDS, EXPOSURE, EXPOSURE_BANDS, ... Start the file with `writeEmptyPrimary()`.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    @_specialize(exported: true, where Element == Bool)
    public func append(to writer: FITSWriter, hdu: String, hduBands: String? = nil) throws {
        let name = hdu.uppercased()
        let bands = (hduBands ?? "\(name)_BANDS").uppercased()
        try writer.writeImage(data.map(\.fitsStorage), shape: fitsShape, name: name, header: imageCards(hduBands: bands))
        if !geom.axes.isEmpty { try geom.axes.writeBands(to: writer, name: bands) }
    }

    /// The image shape in FITS order: `[nx, ny, n0, n1, ...]`.
    var fitsShape: [Int] { Array(dataShape.reversed()) }

    /// Reads a map from a file (Gammapy's `Map.read`): HDU `hdu`, or the first HDU with data;
    /// the bands table named by `hduBands`, else by the `BANDSHDU` keyword.
    public static func read(from path: String, hdu: String? = nil, hduBands: String? = nil) throws -> Map {
        try read(from: FITSFile(path: path), hdu: hdu, hduBands: hduBands)
    }

    /// The HDU `read` takes a map from: `hdu`, or the first HDU with data (as Gammapy's
    /// `Map.read`). Its header tells the map's size before any data are read.
    public static func mapHDU(in file: FITSFile, hdu: String? = nil) throws -> FITSHDU {
        if let hdu { return try MapFITS.rethrow(hdu) { try file.hdu(named: hdu) } }
        guard let first = file.hdus.first(where: { !$0.imageShape.isEmpty && $0.imageShape.allSatisfy { $0 > 0 } || $0.kind != .image && ($0.header.int("NAXIS2") ?? 0) > 0 }) else {
            throw MapError(.notAMap, subject: file.path, message: "no HDU holds data")
        }
        return first
    }

    /// Reads a map from an open file (for MapDataset files holding several maps).
    ///
    /// Values are converted to `Element` (a mask written as integers reads as `Bool`:
    /// non-zero is true). Throws `MapError(.notAMap)` for an HDU without WCS keywords, a
    /// binary table (sparse and HEALPix maps are not supported), a missing bands table or data
    /// that do not match the geometry.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    @_specialize(exported: true, where Element == Bool)
    public static func read(from file: FITSFile, hdu: String? = nil, hduBands: String? = nil) throws -> Map {
        let image = try mapHDU(in: file, hdu: hdu)
        let subject = "\(file.path), HDU \(image.name)"
        guard image.kind == .image else {
            let columns = (1...max(image.header.int("TFIELDS") ?? 0, 1)).compactMap { image.header.string("TTYPE\($0)") }
            let what = image.header.string("PIXTYPE") == "HEALPIX" ? "a HEALPix map"
                : columns.contains("DATA") && columns.contains("CHANNEL") ? "a region map (read it as a RegionNDMap)" : "a binary table"
            throw MapError(.notAMap, subject: subject, message: "\(what), not a WCS image map (sparse and HEALPix maps are not supported)")
        }
        guard image.header.contains("CTYPE1") else {
            throw MapError(.notAMap, subject: subject, message: "an image without WCS keywords (CTYPE1), not a map")
        }
        var axes = MapAxes()
        let bandsName = hduBands ?? image.header.string("BANDSHDU")?.trimmingCharacters(in: .whitespaces)
        if let bandsName, !bandsName.isEmpty {
            if ["EBOUNDS", "ENERGIES"].contains(bandsName.uppercased()) {
                throw MapError(.unsupported, subject: subject, message: "Fermi-LAT map formats (\(bandsName)) are not supported")
            }
            let table = try MapFITS.rethrow(bandsName) { try file.table(bandsName) }
            axes = try MapAxes.fromBandsTable(table)
        } else if image.imageShape.count > 2 {
            throw MapError(.notAMap, subject: subject,
                           message: "a \(image.imageShape.count)-dimensional image without BANDSHDU: the non-spatial axes are unknown")
        }
        let geom = try WcsGeom.fromHeader(image.header, axes: axes)
        let raw = try MapFITS.rethrow(image.name) { try file.image(image, as: Element.FITSStorage.self) }
        let expected = Array(geom.dataShape.reversed())
        guard raw.shape == expected || (raw.data.count == geom.dataCount && geom.axes.shape.allSatisfy { $0 == 1 }) else {
            throw MapError(.shapeMismatch, subject: subject,
                           message: "image of shape \(raw.shape) (FITS order) does not match the geometry \(expected)")
        }
        return try Map(geom: geom, data: raw.data.map(Element.fromFITSStorage),
                       unit: MapFITS.unit(from: image.header), meta: MapFITS.meta(from: image.header))
    }
}
