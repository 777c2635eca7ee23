import FITSIO
import Foundation
import GammaMaps
import Testing
import TestSupport
@testable import IRF

/// Every IRF HDU of the gammapy-data DL3 sets loads: the 105 H.E.S.S. DR1 observations, the 4
/// CTA 1DC ones, MAGIC, VERITAS, and the small files in `tests/`.
@Suite(.serialized) struct IRFLoadingTests {
    struct Row {
        var obsID: Int
        var path: String
        var hdu: String
        var hduClass: String
    }

    /// The IRF rows of an HDU index (`hdu-index.fits.gz` in `folder`), with file paths resolved
    /// against the folder as Gammapy's `DataStore` does.
    static func indexRows(_ folder: String) throws -> [Row] {
        let base = GammapyData.file(folder)
        let table = try FITSFile(path: base + "/hdu-index.fits.gz").table(at: 1)
        let ids = try table.column("OBS_ID", as: Int.self)
        let classes = try table.stringColumn("HDU_CLASS")
        let dirs = try table.stringColumn("FILE_DIR")
        let names = try table.stringColumn("FILE_NAME")
        let hdus = try table.stringColumn("HDU_NAME")
        return ids.indices.compactMap { i in
            guard IRFKind(rawValue: classes[i]) != nil else { return nil }
            let dir = dirs[i].isEmpty ? "." : dirs[i]
            return Row(obsID: ids[i], path: "\(base)/\(dir)/\(names[i])", hdu: hdus[i], hduClass: classes[i])
        }
    }

    static func load(_ rows: [Row]) throws -> [IRFKind: Int] {
        var counts: [IRFKind: Int] = [:]
        var files: [String: FITSFile] = [:]
        for row in rows {
            let file = try files[row.path] ?? FITSFile(path: row.path)
            files[row.path] = file
            let irf = try AnyIRF(file: file, hdu: row.hdu, hduClass: row.hduClass)
            #expect(irf.kind.rawValue == row.hduClass)
            // the header says the same as the index
            let table = try file.table(row.hdu)
            #expect(try IRFKind(header: table.header) == irf.kind, "\(row.path) \(row.hdu)")
            counts[irf.kind, default: 0] += 1
        }
        return counts
    }

    @Test(Test.needsData) func hessDR1() throws {
        let rows = try Self.indexRows("hess-dl3-dr1")
        #expect(Set(rows.map(\.obsID)).count == 105)
        let counts = try Self.load(rows)
        #expect(counts == [.aeff2D: 105, .edisp2D: 105, .psfTable: 105, .bkg3D: 105])
    }

    @Test(Test.needsData) func cta1DC() throws {
        let rows = try Self.indexRows("cta-1dc/index/gps")
        #expect(Set(rows.map(\.obsID)).count == 4)
        let counts = try Self.load(rows)
        #expect(counts == [.aeff2D: 4, .edisp2D: 4, .psf3Gauss: 4, .bkg3D: 4])
    }

    @Test(Test.needsData) func magicPointLike() throws {
        let rows = try Self.indexRows("magic/rad_max/data")
        #expect(Set(rows.map(\.obsID)).count == 2)
        let counts = try Self.load(rows)
        #expect(counts == [.aeff2D: 2, .edisp2D: 2, .radMax2D: 2])
        for row in rows {
            let irf = try AnyIRF(file: FITSFile(path: row.path), hdu: row.hdu, hduClass: row.hduClass)
            #expect(irf.isPointLike)
        }
    }

    @Test(Test.needsData) func veritasPointLike() throws {
        let rows = try Self.indexRows("veritas/crab-point-like-ED")
        #expect(Set(rows.map(\.obsID)).count == 4)
        let counts = try Self.load(rows)
        #expect(counts == [.aeff2D: 4, .edisp2D: 4])
        // no RAD_MAX table: the fixed cut comes from the RAD_MAX keyword, as in Gammapy
        let all = try AnyIRF.loadAll(from: FITSFile(path: rows[0].path))
        #expect(Set(all.keys) == ["aeff", "edisp", "rad_max"])
        guard case .radMax2D(let radMax)? = all["rad_max"] else { Issue.record("no rad_max"); return }
        #expect(radMax.isFixedRadMax && radMax.data == [0.08944271909999159])
    }

    @Test(Test.needsData) func jointCrabMagicFilesThatExist() throws {
        let rows = try Self.indexRows("joint-crab/dl3/magic").filter { FileManager.default.fileExists(atPath: $0.path) }
        #expect(!rows.isEmpty)
        _ = try Self.load(rows)
    }

    @Test(Test.needsData) func testFiles() throws {
        let bkg2 = try AnyIRF(table: FITSFile(path: GammapyData.file("tests/irf/bkg_2d_full_example.fits")).table("BACKGROUND"))
        #expect(bkg2.kind == .bkg2D)
        let bkg3 = try AnyIRF(table: FITSFile(path: GammapyData.file("tests/irf/bkg_3d_full_example.fits")).table("BACKGROUND"))
        #expect(bkg3.kind == .bkg3D)
        // HDUCLAS2 = PSF_2D_KING, no HDUCLAS4: like Gammapy the header alone does not tell the
        // class; the HDU index (or the caller) does
        let king = try FITSFile(path: GammapyData.file("tests/hess_psf_king_023523.fits.gz"))
        #expect { try AnyIRF(table: king.table("PSF_2D_KING")) } throws: { error in
            let e = error as! IRFError
            return e.kind == .unknownClass && e.hdu == "PSF_2D_KING" && e.description.contains("hess_psf_king_023523")
        }
        let loaded = try AnyIRF(file: king, hdu: "PSF_2D_KING", hduClass: "psf_king")
        #expect(loaded.kind == .psfKing)
    }

    @Test(Test.needsData) func loadAllReadsEveryResponseHDU() throws {
        let hess = try AnyIRF.loadAll(from: FITSFile(path: GammapyData.file("hess-dl3-dr1/data/hess_dl3_dr1_obs_id_020136.fits.gz")))
        #expect(Set(hess.keys) == ["aeff", "edisp", "psf", "bkg"])
        let cta = try AnyIRF.loadAll(from: FITSFile(path: GammapyData.file("cta-1dc/caldb/data/cta/1dc/bcf/South_z20_50h/irf_file.fits")))
        #expect(cta["psf"]?.kind == .psf3Gauss && cta["bkg"]?.kind == .bkg3D && cta["edisp"]?.kind == .edisp2D)
        let magic = try AnyIRF.loadAll(from: FITSFile(path: GammapyData.file(
            "magic/rad_max/data/20131004_05029747_DL3_CrabNebula-W0.40+035.fits")))
        #expect(magic["rad_max"]?.kind == .radMax2D)
    }
}
