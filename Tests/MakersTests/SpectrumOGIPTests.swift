import Datasets
import FITSIO
import Foundation
import GammaMaps
import IRF
import Testing
import TestSupport

/// On/off spectra as OGIP files (PHA, BKG, ARF, RMF): the tutorial's run 23523 written by us has
/// the tables, columns and keywords of Gammapy 2.1's files of the same spectrum
/// (Tests/DatasetsTests/Fixtures/gammapy_ogip, scripts/reference/ogip_reference.py), reads back
/// as the spectrum we wrote, and Gammapy's files read as equal to ours.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct SpectrumOGIPTests {
    static let gammapyDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DatasetsTests/Fixtures/gammapy_ogip").path

    /// HDU names and, per table, column names with their TFORM type codes, and header keywords.
    static func layout(_ path: String) throws -> [String] {
        let file = try FITSFile(path: path)
        var lines: [String] = []
        for hdu in file.hdus {
            lines.append("HDU \(hdu.name)")
            guard hdu.kind == .binaryTable else { continue }
            let table = try file.table(hdu.name)
            for info in table.columns { lines.append("  \(info.name) \(info.typeCode)\(info.variableType.map(String.init) ?? "") \(info.unit)") }
            // Keywords in order, but for those of the writer rather than of Gammapy (CREATED, EXTNAME's place, column cards).
            let keys = hdu.header.cards.map(\.key).filter {
                !["CREATED", "CHECKSUM", "DATASUM", "COMMENT", "HISTORY", "EXTNAME", ""].contains($0)
                    && $0.range(of: "^T(TYPE|FORM|UNIT|DIM)[0-9]+$", options: .regularExpression) == nil
            }
            lines.append("  keys " + keys.joined(separator: " "))
        }
        return lines
    }

    @Test func ogipFilesAsGammapyWritesThem() throws {
        let ours = try SpectrumFITSTests.tutorialRun()
        let dir = TemporaryDirectory()
        let pha = dir.file("obs-23523.fits")
        try ours.writeOGIP(to: pha)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            == ["obs-23523.fits", "obs-23523_arf.fits", "obs-23523_bkg.fits", "obs-23523_rmf.fits"])
        for suffix in ["", "_bkg", "_arf", "_rmf"] {
            let mine = try Self.layout(dir.file("obs-23523\(suffix).fits"))
            var theirs = try Self.layout("\(Self.gammapyDirectory)/obs-23523\(suffix).fits")
            // The one documented difference: BACKSCAL as float64 where Gammapy keeps numpy's int64.
            theirs = theirs.map { $0 == "  BACKSCAL K " ? "  BACKSCAL D " : $0 }
            #expect(mine == theirs, "obs-23523\(suffix).fits")
        }
        let header = try FITSFile(path: pha).table("SPECTRUM").header
        #expect(header.double("EXPOSURE") == 1581.736764695497 && header.string("OBS_ID") == "obs-23523")
        #expect(header.string("BACKFILE") == "obs-23523_bkg.fits" && header.string("RESPFILE") == "obs-23523_rmf.fits")
        let rmf = try FITSFile(path: dir.file("obs-23523_rmf.fits")).table("MATRIX").header
        #expect(rmf.int("NUMGRP") == 31 && rmf.int("NUMELT") == 265)

        // Read back: what we wrote, the kernel and its true-energy edges at float32 as an RMF keeps them.
        let back = try SpectrumDatasetOnOff.read(from: pha)
        #expect(back.name == "obs-23523")
        #expect(back.dataset.counts?.data == ours.dataset.counts?.data && back.countsOff?.data == ours.countsOff?.data)
        #expect(back.acceptance.data == ours.acceptance.data && back.acceptanceOff.data == ours.acceptanceOff.data)
        #expect(back.dataset.maskSafe?.data == ours.dataset.maskSafe?.data)
        #expect(back.dataset.exposure?.unit == "m2 s" && back.dataset.exposure?.meta["livetime"] == "1581.736764695497 s")
        #expect(zip(back.dataset.exposure!.data, ours.dataset.exposure!.data).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) })
        guard case .kernel(let kernel)? = back.dataset.edisp, case .kernel(let original)? = ours.dataset.edisp else {
            Issue.record("no kernel read back"); return
        }
        #expect(kernel.edispKernelMap.data == original.edispKernelMap.data.map { Double(Float($0)) })
        #expect(kernel.exposureMap?.data == back.dataset.exposure?.data)
        #expect(back.dataset.gti?.timeSum == ours.dataset.gti?.timeSum)
        #expect(back.countsOff?.geom.region?.unionParts.count == 6)
        #expect(back.description == ours.description)

        // Gammapy's files read as ours.
        let gammapys = try SpectrumDatasetOnOff.read(from: "\(Self.gammapyDirectory)/obs-23523.fits")
        SpectrumFITSTests.expectEqual(gammapys, back, tolerance: 1e-10, "Gammapy's OGIP files")
        #expect(gammapys.description == back.description)

        // Nothing replaced without overwrite; with it, the files are replaced.
        #expect(throws: DatasetError.self) { try ours.writeOGIP(to: pha) }
        try ours.writeOGIP(to: pha, format: .ogipSherpa, overwrite: true)
        #expect(try FITSFile(path: pha).table("SPECTRUM").columnInfo("QUALITY")?.typeCode == "I", "Sherpa's int16 QUALITY")
        let sherpa = try SpectrumDatasetOnOff.read(from: pha)
        #expect(sherpa.dataset.maskSafe?.data == ours.dataset.maskSafe?.data)
        #expect(sherpa.dataset.counts?.geom.axes[0].unit == "keV" && sherpa.dataset.exposure?.unit == "cm2 s")
        #expect(zip(sherpa.dataset.exposure!.data, ours.dataset.exposure!.data).allSatisfy { abs($0 - 1e4 * $1) <= 1e-12 * abs(1e4 * $1) })
        // For scripts/reference/check_spectrum_roundtrip.py, which opens our OGIP files with Gammapy.
        if let keep = ProcessInfo.processInfo.environment["GAMMAKIT_OGIP_OUT"] { try ours.writeOGIP(to: keep, overwrite: true) }
    }

    @Test func datasetsIndexOfOGIPFiles() throws {
        let ours = try SpectrumFITSTests.tutorialRun()
        let dir = TemporaryDirectory()
        try SpectrumDatasetOnOff.write([ours], directory: dir.path, format: .ogip)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            == ["datasets.yaml", "pha_obsobs-23523.fits", "pha_obsobs-23523_arf.fits", "pha_obsobs-23523_bkg.fits", "pha_obsobs-23523_rmf.fits"])
        let read = try SpectrumDatasetOnOff.read(index: dir.file("datasets.yaml"))
        #expect(read.map(\.description) == [ours.description])
    }

    @Test func damagedOGIPFilesAreNamed() throws {
        let ours = try SpectrumFITSTests.tutorialRun()
        let dir = TemporaryDirectory()
        let pha = dir.file("run.fits")
        try ours.writeOGIP(to: pha)
        try FileManager.default.removeItem(atPath: dir.file("run_arf.fits"))
        let error = #expect(throws: DatasetError.self) { try SpectrumDatasetOnOff.read(from: pha) }
        #expect(error?.description.contains("ANCRFILE") == true && error?.description.contains("run_arf.fits") == true)
        // No livetime, no OGIP: refused before anything is written.
        var noLivetime = ours
        noLivetime.dataset.exposure?.meta["livetime"] = nil
        let other = dir.file("other.fits")
        let refusal = #expect(throws: DatasetError.self) { try noLivetime.writeOGIP(to: other) }
        #expect(refusal?.description.contains("livetime") == true)
        #expect(!FileManager.default.fileExists(atPath: other))
        // A file in the way of the BKG file: nothing of the four is written.
        FileManager.default.createFile(atPath: dir.file("third_bkg.fits"), contents: Data("x".utf8))
        #expect(throws: DatasetError.self) { try ours.writeOGIP(to: dir.file("third.fits")) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("third.fits")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["run.fits", "run_bkg.fits", "run_rmf.fits", "third_bkg.fits"])
    }
}
