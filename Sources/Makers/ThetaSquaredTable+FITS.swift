import FITSIO
import Foundation

extension ThetaSquaredTable {
    /// The table as a FITS binary table `THETA2` with Gammapy's column names and units (what
    /// astropy's `Table.write` gives for Gammapy's table; `Table.read` opens it), the ON position
    /// in ON_RA / ON_DEC (degrees) and the energy range, if any, in E_MIN / E_MAX (TeV).
    public func write(to path: String, overwrite: Bool = false) throws {
        let writer = try FITSWriter(path: path, overwrite: overwrite)
        try writer.writeEmptyPrimary()
        func column(_ name: String, _ values: [Double], unit: String = "") -> FITSColumn { FITSColumn(name, .double(values), unit: unit) }
        var header = [FITSCard("ON_RA", .double(position.lon), comment: "deg"), FITSCard("ON_DEC", .double(position.lat), comment: "deg")]
        if let energyRange {
            header += [FITSCard("E_MIN", .double(energyRange.lowerBound), comment: "TeV"), FITSCard("E_MAX", .double(energyRange.upperBound), comment: "TeV")]
        }
        try writer.writeTable(name: "THETA2", columns: [
            column("theta2_min", rows.map(\.theta2Min), unit: "deg2"), column("theta2_max", rows.map(\.theta2Max), unit: "deg2"),
            FITSColumn("counts", .int64(rows.map { Int64($0.counts) })), column("counts_off", rows.map(\.countsOff)),
            column("acceptance", rows.map(\.acceptance)), column("acceptance_off", rows.map(\.acceptanceOff)),
            column("alpha", rows.map(\.alpha)), column("excess", rows.map(\.excess)), column("sqrt_ts", rows.map(\.sqrtTS)),
            column("excess_errn", rows.map(\.excessErrn)), column("excess_errp", rows.map(\.excessErrp)),
        ], rowCount: rows.count, header: header)
        try writer.commit()
    }
}
