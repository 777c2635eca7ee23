import FITSIO
import Foundation
import Testing
import TestSupport

/// `AtomicFile`, the one writer every file goes through: the file appears complete or not at
/// all, an existing file is replaced only when asked, and no temporary name is left behind.
struct AtomicFileTests {
    static func names(_ dir: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.file("")).sorted()
    }

    @Test func writesReplacesAndRefuses() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("a.yaml")
        try AtomicFile.write(Array("one\n".utf8), to: path, overwrite: false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\n")
        do {
            try AtomicFile.write(Array("two\n".utf8), to: path, overwrite: false)
            Issue.record("an existing file was replaced without overwrite")
        } catch {
            #expect(error.exists && error.description.contains("file exists"))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\n")
        try AtomicFile.write(Array("three\n".utf8), to: path, overwrite: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "three\n")
        #expect(try Self.names(dir) == ["a.yaml"], "no temporary file left")
    }

    @Test func failureLeavesNothing() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("sub"), withIntermediateDirectories: false)
        // the target is a directory: the move fails, the temporary goes
        do {
            try AtomicFile.write([1, 2, 3], to: dir.file("sub"), overwrite: true)
            Issue.record("a directory was replaced by a file")
        } catch {
            #expect(!error.exists && error.description.contains("cannot move the finished file into place"), "\(error)")
        }
        #expect(try Self.names(dir) == ["sub"])
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write([1], to: dir.file("missing/x.fits"), overwrite: false) }
        #expect(try Self.names(dir) == ["sub"])
    }

    @Test func fitsWriterGoesThroughIt() throws {
        let dir = TemporaryDirectory()
        let writer = try FITSWriter(path: dir.file("m.fits"))
        try writer.writeImage([1.0, 2, 3], shape: [3])
        #expect(try Self.names(dir).allSatisfy { $0.hasPrefix(".m.fits.partial-") }, "only the temporary exists before commit")
        try writer.commit()
        #expect(try Self.names(dir) == ["m.fits"])
        #expect(throws: FITSError.self) { try FITSWriter(path: dir.file("m.fits")) }
    }
}
