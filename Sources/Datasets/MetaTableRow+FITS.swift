import FITSIO
import Foundation

/// The META_TABLE HDU of a MapDataset file, as Gammapy writes its `meta_table`:
///
/// - one observation: one row of scalar columns TELESCOP, OBS_ID, OBS_MODE and RA_PNT/DEC_PNT
///   (or ALT_PNT/AZ_PNT) in deg — `MapDatasetMaker.make_meta_table`;
/// - a stacked dataset: still one row, each column a vector over the observations, without
///   units (Gammapy's `hstack_columns`), strings padded to the longest.
enum MetaTableFITS {
    static func append(_ rows: [MetaTableRow], to writer: FITSWriter, extraCards: [FITSCard]) throws {
        guard let first = rows.first else { return }
        let n = rows.count
        let stacked = n > 1
        func strings(_ name: String, _ values: [String]) -> FITSColumn {
            let width = Swift.max(values.map { $0.utf8.count }.max() ?? 1, 1)
            if !stacked { return FITSColumn(name, .string(values, width: width)) }
            let joined = values.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined()
            return FITSColumn(name, .string([joined], width: width * n), dimensions: [width, n])
        }
        func doubles(_ name: String, _ values: [Double]) -> FITSColumn {
            FITSColumn(name, .double(values), repeatCount: n, dimensions: stacked ? [n] : nil, unit: stacked ? "" : "deg")
        }
        var columns = [strings("TELESCOP", rows.map(\.telescope)),
                       FITSColumn("OBS_ID", .int64(rows.map { Int64($0.obsID) }), repeatCount: n),
                       strings("OBS_MODE", rows.map(\.obsMode))]
        if first.raPointing != nil || first.decPointing != nil {
            columns.append(doubles("RA_PNT", rows.map { $0.raPointing ?? .nan }))
            columns.append(doubles("DEC_PNT", rows.map { $0.decPointing ?? .nan }))
        }
        if first.altPointing != nil || first.azPointing != nil {
            columns.append(doubles("ALT_PNT", rows.map { $0.altPointing ?? .nan }))
            columns.append(doubles("AZ_PNT", rows.map { $0.azPointing ?? .nan }))
        }
        try writer.writeTable(name: "META_TABLE", columns: columns, rowCount: 1, header: extraCards)
    }

    /// The observations of a META_TABLE HDU, in either layout (any number of rows of scalars or
    /// vectors).
    static func read(_ table: FITSTable) throws -> [MetaTableRow] {
        guard table.rowCount > 0 else { return [] }
        func strings(_ name: String) throws -> [String] {
            table.hasColumn(name) ? try table.stringCells(name).flatMap { $0 } : []
        }
        func doubles(_ name: String) throws -> [Double]? {
            table.hasColumn(name) ? try table.column(name, as: Double.self) : nil
        }
        let ids = try table.column("OBS_ID", as: Int64.self)
        let telescopes = try strings("TELESCOP"), modes = try strings("OBS_MODE")
        let ra = try doubles("RA_PNT"), dec = try doubles("DEC_PNT"), alt = try doubles("ALT_PNT"), az = try doubles("AZ_PNT")
        return ids.indices.map { i in
            MetaTableRow(telescope: i < telescopes.count ? telescopes[i] : "Unknown", obsID: Int(ids[i]),
                         obsMode: i < modes.count ? modes[i] : "POINTING",
                         raPointing: ra?[i], decPointing: dec?[i], altPointing: alt?[i], azPointing: az?[i])
        }
    }
}
