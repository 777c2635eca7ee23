import DL3
import FITSIO
import Foundation
import GammaMaps

/// On/off sky maps in Gammapy's FITS layout (`MapDatasetOnOff.write` / `read`): the MapDataset's
/// HDUs without BACKGROUND (Gammapy deletes it: the background is α × counts_off), then
/// COUNTS_OFF, ACCEPTANCE and ACCEPTANCE_OFF with their bands tables.
extension MapDatasetOnOff<WcsGeom> {
    /// Writes the dataset to `path`; the file appears only once complete.
    /// - Throws: `DatasetError(.exists)` naming the path when it exists and `overwrite` is false.
    /// `lossless`: as `MapDataset.write(to:overwrite:lossless:)`.
    public func write(to path: String, overwrite: Bool = false, lossless: Bool = false) throws {
        let writer = try MapDataset<WcsGeom>.openWriter(path, overwrite: overwrite)
        writer.lossless = lossless
        try writeHDUs(to: writer)
        try MapDataset<WcsGeom>.commit(writer)
    }

    public func writeHDUs(to writer: FITSWriter) throws {
        var on = dataset
        on.background = nil
        try on.writeHDUs(to: writer)
        let creation = [FITSCard("CREATOR", .string(gammaKitCreator)), FITSCard("CREATED", .string(MapDataset<WcsGeom>.creationDate()))]
        let storage: FITSMapStorage = dataset.isFloat32 ? .float32 : .float64
        try countsOff?.append(to: writer, hdu: "COUNTS_OFF", storage: offMapsStorage ?? .float32, extraCards: creation)
        try acceptance.append(to: writer, hdu: "ACCEPTANCE", storage: storage, extraCards: creation)
        try acceptanceOff.append(to: writer, hdu: "ACCEPTANCE_OFF", storage: offMapsStorage ?? storage, extraCards: creation)
    }

    /// Reads a file of Gammapy's `MapDatasetOnOff.write` (or `write(to:)`): the name is `name`,
    /// else the primary header's NAME.
    /// - Throws: `DatasetError(.notADataset)` for a file without ACCEPTANCE and ACCEPTANCE_OFF
    ///   maps; the map readers' errors.
    public static func read(from path: String, name: String? = nil) throws -> MapDatasetOnOff<WcsGeom> {
        let file: FITSFile
        do {
            file = try FITSFile(path: path)
        } catch let error as FITSError {
            throw DatasetError(.notADataset, subject: path, message: "cannot be read as FITS: \(error.message)")
        }
        let present = Set(file.hdus.map { $0.name.uppercased() })
        guard present.contains("ACCEPTANCE"), present.contains("ACCEPTANCE_OFF") else {
            throw DatasetError(.notADataset, subject: path, message: "not an on/off map dataset: it needs ACCEPTANCE and ACCEPTANCE_OFF (it has \(file.hdus.map(\.name).joined(separator: ", ")))")
        }
        let dataset = try MapDataset<WcsGeom>.read(from: file, name: name)
        return MapDatasetOnOff(dataset: dataset,
                               countsOff: present.contains("COUNTS_OFF") ? try WcsNDMap<Double>.read(from: file, hdu: "COUNTS_OFF") : nil,
                               acceptance: try WcsNDMap<Double>.read(from: file, hdu: "ACCEPTANCE"),
                               acceptanceOff: try WcsNDMap<Double>.read(from: file, hdu: "ACCEPTANCE_OFF"),
                               offMapsStorage: try file.hdu(named: "ACCEPTANCE_OFF").header.int("BITPIX") == -32 ? .float32 : .float64)
    }
}
