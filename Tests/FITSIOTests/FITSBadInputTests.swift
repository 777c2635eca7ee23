import Foundation
import Testing
@testable import FITSIO
import TestSupport

@Suite struct FITSBadInputTests {
    private func writeSample(_ path: String) throws {
        let writer = try FITSWriter(path: path)
        try writer.writeTable(name: "EVENTS", columns: [FITSColumn("ENERGY", .double((0..<2000).map(Double.init)))], rowCount: 2000)
        try writer.commit()
    }

    @Test func missingFileNamesThePath() {
        #expect { try FITSFile(path: "/nonexistent/events.fits.gz") } throws: { error in
            let e = error as! FITSError
            return e.kind == .cannotOpen && e.description.contains("/nonexistent/events.fits.gz")
        }
    }

    @Test func textFileIsNotFITS() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("notes.fits")
        try String(repeating: "this is not a FITS file\n", count: 200).write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try FITSFile(path: path) } throws: { ($0 as! FITSError).kind == .notFITS }
        try "tiny".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try FITSFile(path: path) } throws: { ($0 as! FITSError).kind == .notFITS }
    }

    @Test func truncatedGzipIsReportedAsTruncated() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("events.fits")
        try writeSample(path)
        let gz = try gzipFile(path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: gz))
        #expect { try FITSFile(path: gz) } throws: { error in
            let e = error as! FITSError
            return e.kind == .truncated && e.file == gz
        }
    }

    @Test func truncatedPlainFileFailsCleanly() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("events.fits")
        try writeSample(path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(2880 * 2 + 100).write(to: URL(fileURLWithPath: path))
        // Either opening or reading the column must fail with an error, never crash.
        #expect(throws: FITSError.self) {
            let file = try FITSFile(path: path)
            _ = try file.table("EVENTS").column("ENERGY", as: Double.self)
        }
    }

    @Test func missingHDUAndColumnAreNamed() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("events.fits")
        try writeSample(path)
        let file = try FITSFile(path: path)
        #expect { try file.table("GTI") } throws: { error in
            let e = error as! FITSError
            return e.kind == .missingHDU && e.hdu == "GTI" && e.description.contains("EVENTS")
        }
        #expect { try file.table("EVENTS").column("RA", as: Double.self) } throws: { error in
            let e = error as! FITSError
            return e.kind == .missingColumn && e.column == "RA" && e.hdu == "EVENTS" && e.file == path
        }
        #expect { try file.table("EVENTS").header.requireDouble("LIVETIME") } throws: { error in
            let e = error as! FITSError
            return e.kind == .missingKeyword && e.key == "LIVETIME" && e.description.contains(path)
        }
    }

    @Test func writerRefusesToOverwriteAndLeavesNothingBehindOnFailure() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("out.fits")
        try writeSample(path)
        #expect { try FITSWriter(path: path) } throws: { ($0 as! FITSError).kind == .exists }
        do {
            let writer = try FITSWriter(path: dir.file("partial.fits"))
            try writer.writeImage([Float](repeating: 1, count: 4), shape: [2, 2])
            // Dropped without commit: no output, no temporary file.
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left == ["out.fits"])
        let replaced = try FITSWriter(path: path, overwrite: true)
        try replaced.writeImage([Float](repeating: 1, count: 4), shape: [2, 2])
        try replaced.commit()
        #expect(try FITSFile(path: path).hdus.count == 1)
    }
}

/// Inputs found by fuzzing (scripts/fuzz.sh) that once crashed inside cfitsio.
@Suite struct FITSFuzzRegressionTests {
    @Test func seventyCharacterUnquotedTTYPEIsRefused() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("table.fits")
        let writer = try FITSWriter(path: path)
        try writer.writeTable(name: "T", columns: [FITSColumn("A", .double([1])), FITSColumn("B", .double([2]))], rowCount: 1)
        try writer.commit()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // Overwrite the TTYPE2 card's value field (columns 11-80) with 70 '=' characters.
        let card = Array("TTYPE2  = ".utf8)
        let start = try #require((0..<(bytes.count / 80)).map { $0 * 80 }.first { Array(bytes[$0..<($0 + 10)]) == card })
        for i in (start + 10)..<(start + 80) { bytes[i] = UInt8(ascii: "=") }
        #expect { try FITSFile(bytes: bytes, name: "fuzzed.fits") } throws: { error in
            let e = error as! FITSError
            return e.kind == .invalidKeyword && e.key == "TTYPE2"
        }
    }
}
