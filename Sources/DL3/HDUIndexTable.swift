import FITSIO

/// The HDU index of a data store: for every observation, which HDU of which file holds its
/// events, GTI and IRFs.
public struct HDUIndexTable: Sendable {
    /// The valid HDU_TYPE values (GADF).
    public static let validHDUTypes = ["events", "gti", "aeff", "edisp", "psf", "bkg", "rad_max", "pointing"]
    /// The valid HDU_CLASS values (GADF).
    public static let validHDUClasses = ["events", "gti", "aeff_2d", "edisp_2d", "psf_table", "psf_3gauss",
                                         "psf_king", "bkg_2d", "bkg_3d", "rad_max_2d", "pointing"]

    public struct Row: Sendable, Equatable {
        public var obsID: Int
        public var location: HDULocation
    }

    public let path: String
    public let rows: [Row]
    public let header: FITSHeader
    private let rowsByObsID: [Int: [Int]]

    /// Reads the `HDU_INDEX` table of a file; BASE_DIR is the file's folder unless given.
    public init(path: String, baseDirectory: String? = nil) throws {
        let table: FITSTable
        do {
            let file = try FITSFile(path: path)
            table = try file.hdus.contains { $0.name.uppercased() == "HDU_INDEX" } ? file.table("HDU_INDEX") : file.table(at: 1)
        } catch let error as FITSError {
            throw DL3Error(.unreadable, "cannot read the HDU index \(path)", underlying: error)
        }
        let base = baseDirectory ?? Self.directory(of: path)
        do {
            let ids = try table.column("OBS_ID", as: Int64.self)
            let types = try table.stringColumn("HDU_TYPE")
            let classes = try table.stringColumn("HDU_CLASS")
            // FILE_DIR may be absent or blank (masked): the base directory itself.
            let dirs = table.hasColumn("FILE_DIR") ? try table.stringColumn("FILE_DIR") : Array(repeating: "", count: ids.count)
            let names = try table.stringColumn("FILE_NAME")
            let hdus = try table.stringColumn("HDU_NAME")
            var rows: [Row] = []
            rows.reserveCapacity(ids.count)
            for i in ids.indices {
                rows.append(Row(obsID: Int(ids[i]), location: HDULocation(
                    hduType: Self.trimmed(types[i]), hduClass: Self.trimmed(classes[i]),
                    baseDirectory: base, fileDirectory: Self.trimmed(dirs[i]),
                    fileName: Self.trimmed(names[i]), hduName: Self.trimmed(hdus[i]))))
            }
            self.rows = rows
        } catch let error as FITSError {
            throw DL3Error(.unreadable, "the HDU index \(path) lacks a required column", underlying: error)
        }
        self.path = path
        self.header = table.header
        var byID: [Int: [Int]] = [:]
        for (i, row) in rows.enumerated() { byID[row.obsID, default: []].append(i) }
        self.rowsByObsID = byID
    }

    /// `trimmingCharacters(in: .whitespaces)`, by bytes for ASCII text: Foundation's took ~11k
    /// instructions a cell (35 M for the 3150 cells of DR1's index, milliseconds of start-up).
    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: .whitespaces) }
        return text.trimmingASCII { $0 == 0x20 || $0 == 0x09 }
    }

    /// Observation ids present, sorted and unique.
    public var obsIDs: [Int] { rowsByObsID.keys.sorted() }

    public func contains(obsID: Int) -> Bool { rowsByObsID[obsID] != nil }

    /// The first row of an observation with this HDU type (Gammapy takes the first when several match).
    public func location(obsID: Int, hduType: String) -> HDULocation? {
        rowsByObsID[obsID]?.lazy.map { rows[$0].location }.first { $0.hduType == hduType }
    }

    /// Every HDU listed for an observation.
    public func locations(obsID: Int) -> [HDULocation] {
        (rowsByObsID[obsID] ?? []).map { rows[$0].location }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

import Foundation
