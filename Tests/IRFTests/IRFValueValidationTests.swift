import FITSIO
import Foundation
import Testing
import TestSupport
@testable import IRF

/// NaN or ±inf in any IRF's data, and an effective area with no positive value, are errors naming
/// the file, HDU and column (Gammapy would evaluate them to 0 without a word).
@Suite struct IRFValueValidationTests {
    /// Two bins per axis.
    static let edges: [String: [Double]] = ["ENERG": [0.1, 1, 10], "THETA": [0, 1, 2], "MIGRA": [0.5, 1, 1.5],
                                            "RAD": [0, 0.1, 0.2], "DETX": [-1, 0, 1], "DETY": [-1, 0, 1]]

    /// The axis columns and HDUCLAS2 of each class, and its data columns.
    static let layouts: [IRFKind: (clas2: String, axes: [String], columns: [String])] = [
        .aeff2D: ("EFF_AREA", ["ENERG", "THETA"], ["EFFAREA"]),
        .edisp2D: ("EDISP", ["ENERG", "MIGRA", "THETA"], ["MATRIX"]),
        .psfTable: ("RPSF", ["ENERG", "THETA", "RAD"], ["RPSF"]),
        .psf3Gauss: ("RPSF", ["ENERG", "THETA"], ["SIGMA_1", "SIGMA_2", "SIGMA_3", "SCALE", "AMPL_2", "AMPL_3"]),
        .psfKing: ("RPSF", ["ENERG", "THETA"], ["GAMMA", "SIGMA"]),
        .bkg2D: ("BKG", ["ENERG", "THETA"], ["BGD"]),
        .bkg3D: ("BKG", ["ENERG", "DETX", "DETY"], ["BKG"]),
        .radMax2D: ("RAD_MAX", ["ENERG", "THETA"], ["RAD_MAX"]),
    ]

    /// Writes an IRF of `kind` whose data are all 1 except `values` (by position) in `column`.
    static func write(_ path: String, _ kind: IRFKind, column damaged: String? = nil, values: [Int: Float] = [:]) throws {
        let layout = layouts[kind]!
        var columns: [FITSColumn] = []
        for prefix in layout.axes {
            let e = edges[prefix]!
            columns.append(FITSColumn("\(prefix)_LO", .float(e.dropLast().map(Float.init)), repeatCount: 2))
            columns.append(FITSColumn("\(prefix)_HI", .float(e.dropFirst().map(Float.init)), repeatCount: 2))
        }
        let dims = layout.axes.map { _ in 2 }
        for name in layout.columns {
            var data = [Float](repeating: 1, count: dims.reduce(1, *))
            if name == damaged { for (i, v) in values { data[i] = v } }
            columns.append(FITSColumn(name, .float(data), repeatCount: data.count, dimensions: dims))
        }
        let writer = try FITSWriter(path: path, overwrite: true)
        try writer.writeTable(name: "IRF", columns: columns, rowCount: 1, header: [FITSCard("HDUCLAS2", .string(layout.clas2))])
        try writer.commit()
    }

    static func read(_ path: String, _ kind: IRFKind) throws -> AnyIRF { try AnyIRF(table: FITSFile(path: path).table("IRF"), kind: kind) }

    static var everyDataColumn: [(IRFKind, String)] {
        layouts.sorted { $0.key.rawValue < $1.key.rawValue }.flatMap { kind, layout in layout.columns.map { (kind, $0) } }
    }

    @Test func wellFormedTablesRead() throws {
        let dir = TemporaryDirectory()
        for kind in Self.layouts.keys {
            try Self.write(dir.file("\(kind.rawValue).fits"), kind)
            #expect(try Self.read(dir.file("\(kind.rawValue).fits"), kind).kind == kind)
        }
    }

    @Test(arguments: everyDataColumn)
    func nanInAnyDataColumnIsRejected(kind: IRFKind, column: String) throws {
        let dir = TemporaryDirectory()
        let path = dir.file("irf.fits")
        try Self.write(path, kind, column: column, values: [1: .nan, 3: .nan])
        let count = 1 << Self.layouts[kind]!.axes.count
        #expect { try Self.read(path, kind) } throws: { error in
            guard let e = error as? IRFError else { return false }
            return e.kind == .invalidData && e.file == path && e.hdu == "IRF" && e.column == column
                && e.description == "\(path), HDU IRF, column \(column): 2 of the \(count) values are not finite (the first is nan)"
        }
    }

    @Test(arguments: [Float.infinity, -Float.infinity])
    func infiniteEffectiveAreaIsRejected(value: Float) throws {
        let dir = TemporaryDirectory()
        let path = dir.file("aeff.fits")
        try Self.write(path, .aeff2D, column: "EFFAREA", values: [2: value])
        #expect { try Self.read(path, .aeff2D) } throws: { error in
            (error as? IRFError)?.description
                == "\(path), HDU IRF, column EFFAREA: 1 of the 4 values is not finite (the first is \(Double(value)))"
        }
    }

    @Test func effectiveAreaNeedsAPositiveValueButMayHaveNegativeOnes() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("aeff.fits")
        // as at the edges of some H.E.S.S. DR1 areas: kept, and evaluated as 0 (Gammapy clips too)
        try Self.write(path, .aeff2D, column: "EFFAREA", values: [0: 0, 1: -52])
        guard case .aeff2D(let aeff) = try Self.read(path, .aeff2D) else { Issue.record("not aeff_2d"); return }
        #expect(aeff.data.contains(-52))
        #expect(try aeff.evaluate(energyTrue: aeff.energyAxisTrue.centers[1], offset: aeff.offsetAxis.centers[0]) == 0)

        try Self.write(path, .aeff2D, column: "EFFAREA", values: [0: 0, 1: -52, 2: 0, 3: -1])
        #expect { try Self.read(path, .aeff2D) } throws: { error in
            (error as? IRFError)?.description
                == "\(path), HDU IRF, column EFFAREA: none of the 4 values is positive: the effective area would give zero exposure"
        }
    }
}
