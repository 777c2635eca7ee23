import FITSIO
import Sky

/// The values of one event-list column, as stored.
public enum EventColumnValues: Sendable {
    case double([Double])
    case integer([Int64])
    case logical([Bool])
    case text([String])

    public var count: Int {
        switch self {
        case .double(let v): return v.count
        case .integer(let v): return v.count
        case .logical(let v): return v.count
        case .text(let v): return v.count
        }
    }
}

/// One column of an event list: its values (cells flattened, `repeatCount` per event) and unit.
public struct EventColumn: Sendable {
    public var name: String
    public var values: EventColumnValues
    public var repeatCount: Int
    public var unit: String
}

/// The events of an observation ([GADF EVENTS](https://gamma-astro-data-formats.readthedocs.io/en/latest/events/events.html)):
/// RA, DEC (deg), ENERGY (TeV) and TIME (mission elapsed seconds) as contiguous `Double`
/// arrays, and every other column as read.
public struct EventList: Sendable {
    /// Right ascension, degrees (ICRS).
    public var ra: [Double]
    /// Declination, degrees (ICRS).
    public var dec: [Double]
    /// How RA and DEC were stored: `.float32` for a TFORM `E` column in degrees (every H.E.S.S.,
    /// CTA, MAGIC and VERITAS file), `.float64` otherwise. astropy, and so Gammapy, turns a
    /// float32 angle into float32 radians before a frame transform, which moves it by up to
    /// 1.4e-5°; binning in a non-ICRS geometry must do the same (`SkyCoord.transformAsAstropy`).
    public var raPrecision: StoredPrecision
    public var decPrecision: StoredPrecision
    /// Reconstructed energy in TeV (converted from the column's unit).
    public var energy: [Double]
    /// Mission elapsed time in seconds, relative to the header's MJDREFI/MJDREFF.
    public var time: [Double]
    /// The other columns, in file order.
    public var otherColumns: [EventColumn]
    public var header: FITSHeader

    public var count: Int { energy.count }

    public func column(_ name: String) -> EventColumn? {
        otherColumns.first { $0.name.uppercased() == name.uppercased() }
    }

    /// Reads an events HDU; RA, DEC, ENERGY and TIME are required, RA and DEC finite, ENERGY
    /// finite and positive.
    public init(table: FITSTable) throws {
        for required in ["RA", "DEC", "TIME", "ENERGY"] { _ = try table.requireColumn(required) }
        ra = try Self.converted(table, "RA", to: "deg")
        dec = try Self.converted(table, "DEC", to: "deg")
        raPrecision = Self.storedPrecision(table, "RA")
        decPrecision = Self.storedPrecision(table, "DEC")
        energy = try Self.converted(table, "ENERGY", to: "TeV")
        // NaN or inf positions and energies would be binned nowhere (or anywhere) without a word
        try table.requireEvery(ra, column: "RA", "a finite angle", \.isFinite)
        try table.requireEvery(dec, column: "DEC", "a finite angle", \.isFinite)
        try table.requireEvery(energy, column: "ENERGY", "a finite energy > 0") { $0.isFinite && $0 > 0 }
        time = try table.column("TIME", as: Double.self)
        if let unit = table.columnInfo("TIME")?.unit, !unit.isEmpty, unit != "s" {
            let scale = try Self.scale(unit, to: "s", table: table, column: "TIME")
            time = time.map { $0 * scale }
        }
        var others: [EventColumn] = []
        let standard: Set<String> = ["RA", "DEC", "TIME", "ENERGY"]
        for info in table.columns where !standard.contains(info.name.uppercased()) {
            let values: EventColumnValues
            switch info.typeCode {
            case "A": values = .text(try table.stringColumn(info.name))
            case "L": values = .logical(try table.logicalColumn(info.name))
            case "B", "I", "J", "K":
                // Integers scaled by TSCAL/TZERO (e.g. unsigned EVENT_ID in CTA files) stay exact in Int64.
                values = .integer(try table.column(info.name, as: Int64.self))
            case "E", "D": values = .double(try table.column(info.name, as: Double.self))
            default: continue  // bit and complex columns are not part of DL3
            }
            others.append(EventColumn(name: info.name, values: values, repeatCount: info.repeatCount, unit: info.unit))
        }
        otherColumns = others
        header = table.header
    }

    /// float32 only for an `E` column already in degrees: a column converted here from another
    /// unit is a `Double` computation, not astropy's float32 one (no DL3 file has such a column).
    private static func storedPrecision(_ table: FITSTable, _ name: String) -> StoredPrecision {
        guard let info = table.columnInfo(name), info.typeCode == "E" else { return .float64 }
        let unit = info.unit.trimmingCharacters(in: .whitespaces)
        return unit.isEmpty || unit == "deg" ? .float32 : .float64
    }

    private static func converted(_ table: FITSTable, _ name: String, to unit: String) throws -> [Double] {
        let values = try table.column(name, as: Double.self)
        let from = table.columnInfo(name)?.unit ?? ""
        if from.isEmpty || from == unit { return values }
        let scale = try scale(from, to: unit, table: table, column: name)
        return scale == 1 ? values : values.map { $0 * scale }
    }

    static func scale(_ from: String, to: String, table: FITSTable, column: String) throws -> Double {
        let factors: [String: Double] = ["TeV": 1, "GeV": 1e-3, "MeV": 1e-6, "keV": 1e-9, "eV": 1e-12,
                                         "deg": 1, "rad": 180 / Double.pi, "s": 1, "ms": 1e-3, "d": 86400]
        guard let a = factors[from.trimmingCharacters(in: .whitespaces)], let b = factors[to] else {
            throw DL3Error(.invalidData, "\(table.file.path), HDU \(table.name), column \(column): unit '\(from)' cannot be converted to \(to)")
        }
        return a / b
    }
}

import Foundation
