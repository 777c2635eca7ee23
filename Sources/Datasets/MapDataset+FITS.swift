import DL3
import FITSIO
import Foundation
import GammaMaps
import IRF
import Sky

/// The creator written into the files GammaKit makes (`CREATOR` keyword, datasets.yaml
/// `metadata.creator`), as Gammapy writes `Gammapy 2.1`.
public let gammaKitCreator = "GammaKit 0.1.0"

/// MapDataset files in Gammapy's layout (`MapDataset.write` / `MapDataset.read`, the GADF
/// sky-map format for each map): an empty primary HDU with the dataset's `NAME`, then
///
///     COUNTS, COUNTS_BANDS, EXPOSURE, EXPOSURE_BANDS, BACKGROUND, BACKGROUND_BANDS,
///     EDISP, EDISP_BANDS, EDISP_EXPOSURE, EDISP_EXPOSURE_BANDS,
///     PSF, PSF_BANDS, PSF_EXPOSURE, PSF_EXPOSURE_BANDS,
///     MASK_SAFE, MASK_SAFE_BANDS, MASK_FIT, MASK_FIT_BANDS, GTI, META_TABLE
///
/// for the maps the dataset has, in that order (Gammapy's `to_hdulist`). Counts are float32,
/// masks 64-bit integers 0/1, the other maps float32 or float64 as the dataset's precision
/// (migration densities always float64); every HDU carries `CREATOR` and `CREATED`.
extension MapDataset<WcsGeom> {
    /// HDU names that make a file a MapDataset file (Gammapy looks for each of these).
    static var mapHDUs: [String] { ["COUNTS", "EXPOSURE", "BACKGROUND", "EDISP", "PSF", "MASK_SAFE", "MASK_FIT"] }

    /// Writes the dataset to `path` (Gammapy's `MapDataset.write`). The parent directory is made if
    /// needed; the file appears only once complete.
    /// - Throws: `DatasetError(.exists)` naming the path when it exists and `overwrite` is false.
    /// `lossless`: a file for GammaKit to read back bit for bit (`FITSWriter.lossless`), such as
    /// a shard's partial datasets; Gammapy reads it too.
    public func write(to path: String, overwrite: Bool = false, lossless: Bool = false) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let writer = try Self.openWriter(path, overwrite: overwrite)
        writer.lossless = lossless
        try writeHDUs(to: writer)
        try Self.commit(writer)
    }

    /// A writer for `path`, or `DatasetError(.exists)` naming it.
    static func openWriter(_ path: String, overwrite: Bool) throws -> FITSWriter {
        do {
            return try FITSWriter(path: path, overwrite: overwrite)
        } catch let error as FITSError where error.kind == .exists {
            throw DatasetError(.exists, subject: path, message: "file exists (pass overwrite: true to replace it)")
        }
    }

    static func commit(_ writer: FITSWriter) throws {
        do {
            try writer.commit()
        } catch let error as FITSError where error.kind == .exists {
            throw DatasetError(.exists, subject: writer.path, message: "file appeared while writing; not overwritten")
        }
    }

    /// Every HDU of the dataset, appended to a file being written (nothing else may be in it yet).
    public func writeHDUs(to writer: FITSWriter) throws {
        let creation = [FITSCard("CREATOR", .string(gammaKitCreator)), FITSCard("CREATED", .string(Self.creationDate()))]
        try writer.writeImage([UInt8](), shape: [], header: [FITSCard("NAME", .string(name))] + creation)
        let storage: FITSMapStorage = isFloat32 ? .float32 : .float64
        try counts?.append(to: writer, hdu: "COUNTS", storage: .float32, extraCards: creation)
        try exposure?.append(to: writer, hdu: "EXPOSURE", storage: storage, extraCards: creation)
        try background?.append(to: writer, hdu: "BACKGROUND", storage: storage, extraCards: creation)
        switch edisp {
        case .kernel(let map): try map.append(to: writer, storage: storage, extraCards: creation)
        case .migra(let map): try map.append(to: writer, storage: storage, extraCards: creation)
        case nil: break
        }
        try psf?.append(to: writer, storage: storage, extraCards: creation)
        try maskSafe?.append(to: writer, hdu: "MASK_SAFE", storage: .int64, extraCards: creation)
        try maskFit?.append(to: writer, hdu: "MASK_FIT", storage: .int64, extraCards: creation)
        try gti?.append(to: writer, extraCards: creation)
        try MetaTableFITS.append(metaTable, to: writer, extraCards: creation)
    }

    /// Now in UTC as astropy's `Time.now().iso`: `2026-11-26 15:32:14.411`.
    /// With `microseconds`, `2026-11-26T15:32:14.411042` (datasets.yaml's date). Fractions are
    /// truncated, as a date formatter's; formatted by hand because Foundation's formatters load
    /// ICU's data first (4 ms of a write where Foundation is linked dynamically).
    static func creationDate(microseconds: Bool = false) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var utc = tm()
        gmtime_r(&seconds, &utc)
        let fraction = microseconds ? Time.pad(now.tv_nsec / 1000, 6) : Time.pad(now.tv_nsec / 1_000_000, 3)
        return Time.pad(utc.tm_year + 1900, 4) + "-" + Time.pad(utc.tm_mon + 1, 2) + "-" + Time.pad(utc.tm_mday, 2)
            + (microseconds ? "T" : " ") + Time.pad(utc.tm_hour, 2) + ":" + Time.pad(utc.tm_min, 2) + ":"
            + Time.pad(utc.tm_sec, 2) + "." + fraction
    }

    /// Reads a dataset written by Gammapy's `MapDataset.write` (or `write(to:)`), as Gammapy's
    /// `MapDataset.read`: the name is `name`, else the primary header's NAME, else a random one.
    /// An exposure map whose first axis is called `energy` is renamed `energy_true`; an EDISP
    /// map whose first axis is `energy` is an `EDispKernelMap`, else an `EDispMap`. The precision
    /// is float32 when the exposure (else background, else PSF) is stored as float32.
    /// - Throws: `DatasetError(.notADataset)` for a FITS file without any map HDU of a dataset;
    ///   the map readers' errors (naming file and HDU) for maps that cannot be read.
    public static func read(from path: String, name: String? = nil) throws -> MapDataset<WcsGeom> {
        let file: FITSFile
        do {
            file = try FITSFile(path: path)
        } catch let error as FITSError {
            throw DatasetError(.notADataset, subject: path, message: "cannot be read as FITS: \(error.message)")
        }
        return try read(from: file, name: name)
    }

    /// Reads a dataset from an open FITS file (see `read(from:name:)`).
    public static func read(from file: FITSFile, name: String? = nil) throws -> MapDataset<WcsGeom> {
        let present = Set(file.hdus.map { $0.name.uppercased() })
        guard mapHDUs.contains(where: present.contains) else {
            throw DatasetError(.notADataset, subject: file.path,
                               message: "not a MapDataset file: none of the HDUs \(mapHDUs.joined(separator: ", ")) is present (it has \(file.hdus.map(\.name).joined(separator: ", ")))")
        }
        let primaryName = file.hdus.first?.header.string("NAME")?.trimmingCharacters(in: .whitespaces)
        var dataset = MapDataset<WcsGeom>(name: name ?? primaryName ?? makeName())
        func has(_ hdu: String) -> Bool { present.contains(hdu) }
        if has("COUNTS") { dataset.counts = try WcsNDMap<Double>.read(from: file, hdu: "COUNTS") }
        if has("EXPOSURE") {
            var exposure = try WcsNDMap<Double>.read(from: file, hdu: "EXPOSURE")
            if let first = exposure.geom.axes.first, first.name == "energy" {
                let axes = try MapAxes([first.renamed("energy_true")] + exposure.geom.axes.dropFirst())
                exposure = try WcsNDMap<Double>(geom: exposure.geom.withAxes(axes), data: exposure.data,
                                                unit: exposure.unit, meta: exposure.meta)
            }
            dataset.exposure = exposure
        }
        if has("BACKGROUND") { dataset.background = try WcsNDMap<Double>.read(from: file, hdu: "BACKGROUND") }
        if has("EDISP") {
            let header = try file.hdu(named: "EDISP").header
            let isKernel = try MapAxes.fromBandsTable(file.table(header.string("BANDSHDU") ?? "EDISP_BANDS")).first?.name == "energy"
            dataset.edisp = isKernel ? .kernel(try EDispKernelMap<WcsGeom>.read(from: file)) : .migra(try EDispMap<WcsGeom>.read(from: file))
        }
        if has("PSF") { dataset.psf = try PSFMap<WcsGeom>.read(from: file) }
        if has("MASK_SAFE") { dataset.maskSafe = try WcsNDMap<Bool>.read(from: file, hdu: "MASK_SAFE") }
        if has("MASK_FIT") { dataset.maskFit = try WcsNDMap<Bool>.read(from: file, hdu: "MASK_FIT") }
        if has("GTI") { dataset.gti = try GTI(table: file.table("GTI")) }
        if has("META_TABLE") { dataset.metaTable = try MetaTableFITS.read(file.table("META_TABLE")) }
        let reference = ["EXPOSURE", "BACKGROUND", "PSF", "EDISP_EXPOSURE", "PSF_EXPOSURE"].first(where: has)
        if let reference, try file.hdu(named: reference).header.int("BITPIX") == -32 {
            dataset.precision = .float32
        }
        return dataset
    }
}
