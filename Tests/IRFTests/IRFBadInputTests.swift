import FITSIO
import Foundation
import GammaMaps
import Testing
import TestSupport
@testable import IRF

/// Broken IRF tables written here with FITSWriter: errors name the file, HDU and column.
@Suite struct IRFBadInputTests {
    /// A small `aeff_2d` table (4 energies × 3 offsets); `drop` leaves out a column.
    static func writeAeff(_ path: String, drop: String? = nil, tdim: [Int] = [4, 3], header extra: [FITSCard] = []) throws {
        let energy: [Double] = [0.1, 0.5, 1, 5, 10]
        let offset: [Double] = [0, 1, 2, 3]
        var columns = [
            FITSColumn("ENERG_LO", .float(energy.dropLast().map(Float.init)), repeatCount: 4, unit: "TeV"),
            FITSColumn("ENERG_HI", .float(energy.dropFirst().map(Float.init)), repeatCount: 4, unit: "TeV"),
            FITSColumn("THETA_LO", .float(offset.dropLast().map(Float.init)), repeatCount: 3, unit: "deg"),
            FITSColumn("THETA_HI", .float(offset.dropFirst().map(Float.init)), repeatCount: 3, unit: "deg"),
            FITSColumn("EFFAREA", .float((0..<12).map { Float($0 * 1000) }), repeatCount: 12, dimensions: tdim, unit: "m2"),
        ]
        columns.removeAll { $0.name == drop }
        let header = [FITSCard("HDUCLASS", .string("GADF")), FITSCard("HDUCLAS1", .string("RESPONSE")),
                      FITSCard("HDUCLAS2", .string("EFF_AREA")), FITSCard("HDUCLAS3", .string("FULL-ENCLOSURE")),
                      FITSCard("HDUCLAS4", .string("AEFF_2D"))] + extra
        let writer = try FITSWriter(path: path)
        try writer.writeTable(name: "AEFF", columns: columns, rowCount: 1, header: header)
        try writer.commit()
    }

    @Test func aWellFormedTableReads() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("aeff.fits")
        try Self.writeAeff(path)
        let aeff = try EffectiveAreaTable2D(table: FITSFile(path: path).table("AEFF"))
        // FITS order (energy fastest) transposed to [energy][offset]
        #expect(aeff.data[0 * 3 + 1] == 4000 && aeff.data[1 * 3 + 0] == 1000)
        #expect(try aeff.evaluate(energyTrue: aeff.energyAxisTrue.centers[1], offset: 1.5) == 5000)
    }

    @Test func missingColumnsAreNamed() throws {
        let dir = TemporaryDirectory()
        for column in ["EFFAREA", "THETA_HI", "ENERG_LO"] {
            let path = dir.file("aeff-without-\(column).fits")
            try Self.writeAeff(path, drop: column)
            #expect {
                try EffectiveAreaTable2D(table: FITSFile(path: path).table("AEFF"))
            } throws: { error in
                guard let e = error as? IRFError else { return false }
                return e.kind == .missingColumn && e.file == path && e.hdu == "AEFF" && e.column == column
                    && e.description.contains(path) && e.description.contains("AEFF") && e.description.contains(column)
            }
        }
    }

    @Test func dataThatDoNotFitTheAxesAreRejected() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("aeff-tdim.fits")
        try Self.writeAeff(path, tdim: [3, 4])
        #expect {
            try AnyIRF(table: FITSFile(path: path).table("AEFF"))
        } throws: { error in
            guard let e = error as? IRFError else { return false }
            return e.kind == .invalidData && e.column == "EFFAREA" && e.file == path
        }
    }

    @Test func unknownClassesAndAlignmentsAreRejected() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("aeff-class.fits")
        try Self.writeAeff(path, header: [FITSCard("HDUCLAS4", .string("AEFF_3D"))])
        #expect { try AnyIRF(table: FITSFile(path: path).table("AEFF")) } throws: { error in
            (error as? IRFError)?.kind == .unknownClass && (error as! IRFError).description.contains("AEFF_3D")
        }
        #expect { try AnyIRF(file: FITSFile(path: path), hdu: "AEFF", hduClass: "psf_gtpsf") } throws: { error in
            (error as? IRFError)?.kind == .unknownClass
        }
        // the class from an index overrides the header
        #expect(try AnyIRF(file: FITSFile(path: path), hdu: "AEFF", hduClass: "aeff_2d").kind == .aeff2D)
    }

    @Test func headerDetectionFollowsGammapy() throws {
        func kind(_ clas2: String, _ clas4: String) throws -> IRFKind {
            try IRFKind(header: FITSHeader(cards: [FITSCard("HDUCLAS2", .string(clas2)), FITSCard("HDUCLAS4", .string(clas4))]))
        }
        #expect(try kind("EFF_AREA", "AEFF_2D") == .aeff2D)
        #expect(try kind("EFF_AREA", "2D") == .aeff2D)  // CTA 1DC
        #expect(try kind("RPSF", "3GAUSS") == .psf3Gauss)
        #expect(try kind("RPSF", "PSF_TABLE") == .psfTable)
        #expect(try kind("BKG", "3D") == .bkg3D)
        #expect(try kind("RAD_MAX", "RAD_MAX_2D") == .radMax2D)
        #expect(throws: IRFError.self) { try kind("EVENTS", "") }
        #expect(throws: IRFError.self) { try kind("PSF_2D_KING", "") }
    }

    @Test func invalidAxesAreRejectedWithTheColumn() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("aeff-axis.fits")
        let writer = try FITSWriter(path: path)
        try writer.writeTable(name: "AEFF", columns: [
            FITSColumn("ENERG_LO", .double([1, 0.5]), repeatCount: 2, unit: "TeV"),
            FITSColumn("ENERG_HI", .double([0.5, 2]), repeatCount: 2, unit: "TeV"),
            FITSColumn("THETA_LO", .double([0]), unit: "deg"),
            FITSColumn("THETA_HI", .double([1]), unit: "deg"),
            FITSColumn("EFFAREA", .double([1, 2]), repeatCount: 2, dimensions: [2, 1], unit: "m2"),
        ], rowCount: 1)
        try writer.commit()
        #expect { try EffectiveAreaTable2D(table: FITSFile(path: path).table("AEFF")) } throws: { error in
            let e = error as? IRFError
            return e?.kind == .invalidData && e?.column == "ENERG_LO"
        }
    }
}
