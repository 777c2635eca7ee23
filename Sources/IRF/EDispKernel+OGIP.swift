import FITSIO
import Foundation
import GammaMaps

/// The kernel as an OGIP response matrix (RMF), as Gammapy's `EDispKernel.write` /
/// `EDispKernel.read` handle it: a `MATRIX` table with one row per true-energy bin —
/// `ENERG_LO`, `ENERG_HI` (float32), `N_GRP`, and the variable-length `F_CHAN`, `N_CHAN`,
/// `MATRIX` (float32) of the row's runs of non-zero channels — then the `EBOUNDS` table of the
/// reconstructed-energy axis.
extension EDispKernel {
    /// The matrix' rows grouped as an RMF stores them: each run of consecutive non-zero (or NaN)
    /// channels is a group; a row without any has one empty group at channel 0 (Gammapy's
    /// `to_table`).
    struct RMFRows {
        var groupCount: [Int16] = []
        var firstChannel: [[Int16]] = []
        var channelCount: [[Int16]] = []
        var matrix: [[Float]] = []
    }

    func rmfRows() -> RMFRows {
        var rows = RMFRows()
        let nReco = energyAxis.nbin
        for t in 0..<energyAxisTrue.nbin {
            var first: [Int16] = [], count: [Int16] = [], values: [Float] = []
            var r = 0
            while r < nReco {
                guard self[t, r] != 0 else { r += 1; continue }
                let start = r
                while r < nReco, self[t, r] != 0 { values.append(Float(self[t, r])); r += 1 }
                first.append(Int16(truncatingIfNeeded: start))
                count.append(Int16(truncatingIfNeeded: r - start))
            }
            if first.isEmpty { (first, count) = ([0], [0]) }
            rows.groupCount.append(Int16(truncatingIfNeeded: first.count))
            rows.firstChannel.append(first)
            rows.channelCount.append(count)
            rows.matrix.append(values)
        }
        return rows
    }

    /// Appends `MATRIX` and `EBOUNDS` to a file being written.
    package func appendOGIPRMF(to writer: FITSWriter, format: OGIPFormat, extraCards: [FITSCard] = []) throws {
        let rows = rmfRows()
        let header = [
            FITSCard("CHANTYPE", .string("PHA")), FITSCard("HDUCLASS", .string("OGIP")),
            FITSCard("HDUCLAS1", .string("RESPONSE")), FITSCard("HDUCLAS2", .string("RSP_MATRIX")),
            FITSCard("DETCHANS", .int(Int64(energyAxis.nbin))),
            FITSCard("NUMGRP", .int(rows.groupCount.reduce(Int64(0)) { $0 + Int64($1) })),
            FITSCard("NUMELT", .int(rows.channelCount.joined().reduce(Int64(0)) { $0 + Int64($1) })),
            FITSCard("TLMIN4", .int(0)),
        ]
        let columns = try energyAxisTrue.ogipEnergyTrueColumns(format: format, float32: true) + [
            FITSColumn("N_GRP", .int16(rows.groupCount)),
            FITSColumn("F_CHAN", .variableInt16(rows.firstChannel)),
            FITSColumn("N_CHAN", .variableInt16(rows.channelCount)),
            FITSColumn("MATRIX", .variableFloat(rows.matrix)),
        ]
        try writer.writeTable(name: "MATRIX", columns: columns, rowCount: energyAxisTrue.nbin, header: header + extraCards)
        try energyAxis.appendOGIPEBounds(to: writer, format: format, extraCards: extraCards)
    }

    /// Writes the kernel as an RMF file (Gammapy's `EDispKernel.write(format="ogip")`).
    public func writeOGIP(to path: String, format: OGIPFormat = .ogip, overwrite: Bool = false) throws {
        let writer = try FITSWriter(path: path, overwrite: overwrite)
        try writer.writeEmptyPrimary()
        try appendOGIPRMF(to: writer, format: format)
        try writer.commit()
    }

    /// Reads an RMF (Gammapy's `EDispKernel.read` / `from_hdulist`): `DETCHANS` channels per
    /// row filled from its groups, the true-energy axis from `ENERG_LO`/`ENERG_HI`, the
    /// reconstructed one from `EBOUNDS`.
    /// - Throws: `IRFError` naming the file, HDU and column for a matrix that does not fit.
    public static func readOGIP(from path: String) throws -> EDispKernel {
        try readOGIP(from: FITSFile(path: path))
    }

    package static func readOGIP(from file: FITSFile) throws -> EDispKernel {
        let table = try file.table("MATRIX")
        guard let channels = table.header.int("DETCHANS"), channels > 0 else {
            throw IRFError(.invalidKeyword, table, "DETCHANS must be a positive number of channels")
        }
        let energyAxisTrue = try MapAxis.fromOGIPEnergyTrue(table)
        let energyAxis = try MapAxis.fromOGIPEBounds(try file.table("EBOUNDS"))
        guard energyAxis.nbin == channels, energyAxisTrue.nbin == table.rowCount else {
            throw IRFError(.invalidData, table, "\(table.rowCount) rows × DETCHANS \(channels) for axes of \(energyAxisTrue.nbin) × \(energyAxis.nbin) bins")
        }
        let groups = try table.column("N_GRP", as: Int.self)
        let first = try ogipCells(table, "F_CHAN"), count = try ogipCells(table, "N_CHAN")
        let matrix = try table.variableLengthColumn("MATRIX", as: Double.self)
        var data = [Double](repeating: 0, count: table.rowCount * channels)
        for row in 0..<table.rowCount {
            var next = 0
            for k in 0..<max(groups[row], 0) {
                guard k < first[row].count, k < count[row].count else {
                    throw IRFError(.invalidData, table, column: "F_CHAN", "row \(row + 1): N_GRP \(groups[row]) but \(first[row].count) groups")
                }
                let start = first[row][k], n = count[row][k]
                guard start >= 0, n >= 0, start + n <= channels, next + n <= matrix[row].count else {
                    throw IRFError(.invalidData, table, column: "MATRIX", "row \(row + 1): group \(k + 1) (channels \(start)+\(n)) does not fit \(channels) channels and \(matrix[row].count) values")
                }
                for c in 0..<n { data[row * channels + start + c] = matrix[row][next + c] }
                next += n
            }
        }
        return try EDispKernel(energyAxisTrue: energyAxisTrue, energyAxis: energyAxis, data: data)
    }

    /// F_CHAN / N_CHAN cells, which RMF writers store as variable-length or fixed-size columns.
    private static func ogipCells(_ table: FITSTable, _ column: String) throws -> [[Int]] {
        if table.columnInfo(column)?.variableType != nil { return try table.variableLengthColumn(column, as: Int64.self).map { $0.map(Int.init) } }
        let width = max(table.columnInfo(column)?.repeatCount ?? 1, 1)
        let flat = try table.column(column, as: Int.self)
        return (0..<table.rowCount).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
    }
}
