import Foundation
import Testing
import DL3
import FITSIO
import TestSupport

/// Each kind of bad input gives a DL3Error that names what is wrong, never a crash.
struct DataStoreBadInputTests {
    /// Writes a one-observation HDU index whose events and gti point at `file`.
    private func writeStore(in dir: TemporaryDirectory, file: String, hduTypes: [String] = ["events", "gti"]) throws {
        let n = hduTypes.count
        let writer = try FITSWriter(path: dir.file("hdu-index.fits.gz"))
        try writer.writeTable(name: "HDU_INDEX", columns: [
            FITSColumn("OBS_ID", .int64(Array(repeating: 42, count: n))),
            FITSColumn("HDU_TYPE", .string(hduTypes)),
            FITSColumn("HDU_CLASS", .string(hduTypes)),
            FITSColumn("FILE_DIR", .string(Array(repeating: ".", count: n))),
            FITSColumn("FILE_NAME", .string(Array(repeating: file, count: n))),
            FITSColumn("HDU_NAME", .string(hduTypes.map { $0.uppercased() })),
        ], rowCount: n)
        try writer.commit()
    }

    private func writeEvents(_ path: String, columns: [String]) throws {
        let writer = try FITSWriter(path: path)
        try writer.writeTable(name: "EVENTS", columns: columns.map { FITSColumn($0, .double([1, 2, 3])) }, rowCount: 3,
                              header: [FITSCard("RA_PNT", .double(83.6)), FITSCard("DEC_PNT", .double(22.0))])
        try writer.writeTable(name: "GTI", columns: [FITSColumn("START", .double([0])), FITSColumn("STOP", .double([10]))], rowCount: 1,
                              header: [FITSCard("MJDREFI", .int(51910)), FITSCard("MJDREFF", .double(7.428703703703703e-4))])
        try writer.commit()
    }

    @Test func missingDataStoreDirectory() {
        #expect { try DataStore(directory: "/nonexistent/hess-dl3-dr1") } throws: { error in
            let e = error as! DL3Error
            return e.kind == .missingDataStore && e.description.contains("/nonexistent/hess-dl3-dr1")
        }
    }

    @Test func missingIndexFile() {
        let dir = TemporaryDirectory()
        #expect { try DataStore(directory: dir.path) } throws: { error in
            let e = error as! DL3Error
            return e.kind == .missingIndex && e.description.contains("hdu-index.fits.gz")
        }
    }

    @Test(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
    func unknownObservationNamesNearbyIDs() throws {
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        #expect { try store.observation(23600) } throws: { error in
            let e = error as! DL3Error
            return e.kind == .unknownObservation && e.description.contains("23592") && e.description.contains("23600")
        }
        #expect { try store.observations([23592, 99]) } throws: { ($0 as! DL3Error).kind == .unknownObservation }
        let (kept, skipped) = try store.observations([23592, 99], skipMissing: true)
        #expect(kept.map(\.obsID) == [23592])
        #expect(skipped.count == 1)
    }

    @Test(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
    func fileNamedByIndexIsMissing() throws {
        // The joint-Crab MAGIC index lists run 5029747, whose file is not in gammapy-data.
        let store = try DataStore(directory: GammapyData.file("joint-crab/dl3/magic"))
        let observation = try store.observation(5029747, required: .pointLike)
        #expect { try observation.events() } throws: { error in
            let e = error as! DL3Error
            return e.kind == .missingFile && e.description.contains("run_05029747_DL3.fits") && e.description.contains("5029747")
        }
    }

    @Test(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
    func truncatedGzipFile() throws {
        let dir = TemporaryDirectory()
        let original = try Data(contentsOf: URL(fileURLWithPath: GammapyData.file("hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz")))
        try original.prefix(original.count / 3).write(to: URL(fileURLWithPath: dir.file("run.fits.gz")))
        try writeStore(in: dir, file: "run.fits.gz")
        let observation = try DataStore(directory: dir.path).observation(42, required: .allOptional)
        #expect { try observation.events() } throws: { error in
            let e = error as! DL3Error
            return e.underlying?.kind == .truncated && e.description.contains("run.fits.gz") && e.description.contains("42")
        }
    }

    @Test func fileThatIsNotFITS() throws {
        let dir = TemporaryDirectory()
        try String(repeating: "SIMPLE? no, a text file\n", count: 300).write(toFile: dir.file("run.fits"), atomically: true, encoding: .utf8)
        try writeStore(in: dir, file: "run.fits")
        let observation = try DataStore(directory: dir.path).observation(42, required: .allOptional)
        #expect { try observation.events() } throws: { error in
            let e = error as! DL3Error
            return e.underlying?.kind == .notFITS && e.description.contains("run.fits")
        }
    }

    @Test func eventsLackingAColumn() throws {
        let dir = TemporaryDirectory()
        try writeEvents(dir.file("run.fits"), columns: ["RA", "DEC", "TIME"])
        try writeStore(in: dir, file: "run.fits")
        let observation = try DataStore(directory: dir.path).observation(42, required: .allOptional)
        #expect { try observation.events() } throws: { error in
            let e = error as! FITSError
            return e.kind == .missingColumn && e.column == "ENERGY" && e.hdu == "EVENTS" && e.file.hasSuffix("run.fits")
        }
        #expect(abs(try observation.gti().timeSum - 10) < 1e-9)  // astropy-style Time differences round
    }

    @Test func missingRequiredIRFIsNamed() throws {
        let dir = TemporaryDirectory()
        try writeEvents(dir.file("run.fits"), columns: ["RA", "DEC", "TIME", "ENERGY"])
        try writeStore(in: dir, file: "run.fits")
        let store = try DataStore(directory: dir.path)
        #expect { try store.observation(42, required: .fullEnclosure) } throws: { error in
            let e = error as! DL3Error
            return e.kind == .missingHDU && e.description.contains("aeff") && e.description.contains("42")
        }
        let (kept, skipped) = try store.observations([42], required: .pointLike)
        #expect(kept.isEmpty && skipped.count == 1)
        #expect(try store.observation(42, required: .allOptional).events().energy == [1, 2, 3])
    }
}
