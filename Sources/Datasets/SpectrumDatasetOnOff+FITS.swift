import DL3
import FITSIO
import Foundation
import GammaMaps
import IRF

/// On/off spectra in Gammapy's own FITS layout (`SpectrumDatasetOnOff.write` / `read`, format
/// "gadf"): each region map as its `<HDU>`, `<HDU>_BANDS`, `<HDU>_REGION` tables — COUNTS,
/// EXPOSURE, the region of the background (Gammapy drops the background's data but keeps its
/// region table), EDISP and EDISP_EXPOSURE, MASK_SAFE — then GTI and META_TABLE, then
/// COUNTS_OFF, ACCEPTANCE and ACCEPTANCE_OFF.
extension MapDatasetOnOff<RegionGeom> {
    /// The HDU names whose presence makes a file an on/off spectrum.
    static var onOffHDUs: [String] { ["COUNTS", "COUNTS_OFF", "ACCEPTANCE", "ACCEPTANCE_OFF"] }

    /// Writes the spectrum to `path`; the file appears only once complete.
    /// - Throws: `DatasetError(.exists)` naming the path when it exists and `overwrite` is false.
    /// `lossless`: as `MapDataset.write(to:overwrite:lossless:)`.
    public func write(to path: String, overwrite: Bool = false, lossless: Bool = false) throws {
        let writer = try MapDataset<WcsGeom>.openWriter(path, overwrite: overwrite)
        writer.lossless = lossless
        try writeHDUs(to: writer)
        try MapDataset<WcsGeom>.commit(writer)
    }

    public func writeHDUs(to writer: FITSWriter) throws {
        let creation = [FITSCard("CREATOR", .string(gammaKitCreator)), FITSCard("CREATED", .string(MapDataset<WcsGeom>.creationDate()))]
        try writer.writeImage([UInt8](), shape: [], header: [FITSCard("NAME", .string(name))] + creation)
        let storage: FITSMapStorage = dataset.precision == .float32 ? .float32 : .float64
        try dataset.counts?.append(to: writer, hdu: "COUNTS", storage: .float32, extraCards: creation)
        try dataset.exposure?.append(to: writer, hdu: "EXPOSURE", storage: storage, extraCards: creation)
        if let countsOff { try countsOff.geom.writeRegionTable(to: writer, name: "BACKGROUND_REGION", extraCards: creation) }
        if case .kernel(let kernel)? = dataset.edisp {
            try kernel.edispKernelMap.append(to: writer, hdu: "EDISP", storage: storage, extraCards: creation)
            try kernel.exposureMap?.append(to: writer, hdu: "EDISP_EXPOSURE", storage: storage, extraCards: creation)
        }
        try dataset.maskSafe?.append(to: writer, hdu: "MASK_SAFE", extraCards: creation)
        try dataset.gti?.append(to: writer, extraCards: creation)
        try MetaTableFITS.append(dataset.metaTable, to: writer, extraCards: creation)
        try countsOff?.append(to: writer, hdu: "COUNTS_OFF", storage: .float32, extraCards: creation)
        try acceptance.append(to: writer, hdu: "ACCEPTANCE", storage: storage, extraCards: creation)
        try acceptanceOff.append(to: writer, hdu: "ACCEPTANCE_OFF", storage: storage, extraCards: creation)
    }

    /// Reads an on/off spectrum written by Gammapy's `SpectrumDatasetOnOff.write` (format
    /// "gadf") or by `write(to:)`: the name is `name`, else the primary header's NAME. An OGIP
    /// PHA file is read by `readOGIP(from:name:)`, as Gammapy guesses the format.
    /// - Throws: `DatasetError(.notADataset)` for a FITS file that is not an on/off spectrum; the
    ///   map readers' errors (naming file and HDU) for maps that cannot be read.
    public static func read(from path: String, name: String? = nil) throws -> SpectrumDatasetOnOff {
        let file: FITSFile
        do {
            file = try FITSFile(path: path)
        } catch let error as FITSError {
            throw DatasetError(.notADataset, subject: path, message: "cannot be read as FITS: \(error.message)")
        }
        if isOGIP(file) { return try readOGIP(from: path, name: name) }
        let present = Set(file.hdus.map { $0.name.uppercased() })
        func has(_ hdu: String) -> Bool { present.contains(hdu) }
        guard has("COUNTS"), has("ACCEPTANCE"), has("ACCEPTANCE_OFF"), file.hdus.contains(where: { $0.name.uppercased() == "COUNTS" && $0.kind == .binaryTable }) else {
            throw DatasetError(.notADataset, subject: path,
                               message: "not an on/off spectrum: it needs the tables \(onOffHDUs.joined(separator: ", ")) (it has \(file.hdus.map(\.name).joined(separator: ", ")))")
        }
        let primaryName = file.hdus.first?.header.string("NAME")?.trimmingCharacters(in: .whitespaces)
        var dataset = SpectrumDataset(name: name ?? primaryName ?? MapDatasetDefaults.makeName())
        dataset.counts = try RegionNDMap<Double>.read(from: file, hdu: "COUNTS")
        if has("EXPOSURE") { dataset.exposure = try RegionNDMap<Double>.read(from: file, hdu: "EXPOSURE") }
        if has("EDISP") {
            let exposure = has("EDISP_EXPOSURE") ? try RegionNDMap<Double>.read(from: file, hdu: "EDISP_EXPOSURE") : nil
            let kernel = try RegionNDMap<Double>.read(from: file, hdu: "EDISP")
            try EDispKernelMap<RegionGeom>.checkAxes(kernel, file: file.path, hdu: "EDISP")
            dataset.edisp = .kernel(EDispKernelMap(edispKernelMap: kernel, exposureMap: exposure))
        }
        if has("MASK_SAFE") { dataset.maskSafe = try RegionNDMap<Bool>.read(from: file, hdu: "MASK_SAFE") }
        if has("GTI") { dataset.gti = try GTI(table: file.table("GTI")) }
        if has("META_TABLE") { dataset.metaTable = try MetaTableFITS.read(file.table("META_TABLE")) }
        if let reference = ["EXPOSURE", "EDISP_EXPOSURE", "ACCEPTANCE"].first(where: has),
           try file.table(reference).columnInfo("DATA")?.typeCode == "E" {
            dataset.precision = .float32
        }
        return SpectrumDatasetOnOff(dataset: dataset, countsOff: has("COUNTS_OFF") ? try RegionNDMap<Double>.read(from: file, hdu: "COUNTS_OFF") : nil,
                                    acceptance: try RegionNDMap<Double>.read(from: file, hdu: "ACCEPTANCE"),
                                    acceptanceOff: try RegionNDMap<Double>.read(from: file, hdu: "ACCEPTANCE_OFF"))
    }
}

extension MapDatasetOnOff<RegionGeom> {
    /// The file Gammapy's `Datasets.write` gives an on/off spectrum: `pha_obs<name>.fits`.
    public static func fileName(for name: String) -> String { "pha_obs" + name.replacingOccurrences(of: " ", with: "_") + ".fits" }

    /// Writes `spectra` as Gammapy's `Datasets.write` does: one file per spectrum
    /// (`fileName(for:)`) and `datasets.yaml` listing them as `SpectrumDatasetOnOff`, last, in
    /// `directory` (which must exist). Nothing is replaced unless `overwrite`. With an OGIP
    /// `format` each spectrum is written as its PHA file (under the same name, which Gammapy's
    /// `Datasets.read` opens as OGIP) with BKG, ARF and RMF beside it.
    public static func write(_ spectra: [SpectrumDatasetOnOff], directory: String, format: OGIPFormat? = nil,
                             overwrite: Bool = false) throws {
        let files = spectra.map { fileName(for: $0.name) }
        if let duplicate = Dictionary(grouping: files, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw DatasetError(.invalidArgument, subject: duplicate, message: "two spectra would be written to the same file")
        }
        for (spectrum, file) in zip(spectra, files) {
            let path = (directory as NSString).appendingPathComponent(file)
            if let format { try spectrum.writeOGIP(to: path, format: format, overwrite: overwrite) } else { try spectrum.write(to: path, overwrite: overwrite) }
        }
        let index = Datasets.indexText(zip(spectra, files).map { ($0.name, "SpectrumDatasetOnOff", $1) })
        try Datasets.writeAtomically(index, to: (directory as NSString).appendingPathComponent("datasets.yaml"), overwrite: overwrite)
    }
}

extension MapDatasetOnOff<RegionGeom> {
    /// The on/off spectra a datasets.yaml lists (Gammapy's `Datasets.read` of
    /// `SpectrumDatasetOnOff` entries), in its order, each named as the index names it.
    /// - Throws: `DatasetError(.unsupported)` for an entry of another type; the readers' errors.
    public static func read(index path: String) throws -> [SpectrumDatasetOnOff] {
        try Datasets.indexEntries(path).map { entry in
            guard entry.type == "SpectrumDatasetOnOff" else {
                throw DatasetError(.unsupported, subject: "\(path), datasets[\(entry.index)].type",
                                   message: "dataset type '\(entry.type)' is not a SpectrumDatasetOnOff")
            }
            return try read(from: entry.file, name: entry.name)
        }
    }
}
