import Foundation
import Testing
@testable import FITSIO
import TestSupport

@Suite struct FITSRoundTripTests {
    @Test func imagesOfEveryBitpixReadBack() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("images.fits")
        let writer = try FITSWriter(path: path)
        try writer.writeImage([Float](), shape: [])
        try writer.writeImage((0..<24).map { UInt8($0) }, shape: [4, 3, 2], name: "B8")
        try writer.writeImage((0..<24).map { Int16($0 - 12) }, shape: [4, 6], name: "I16")
        try writer.writeImage((0..<24).map { Int32($0 * 100_000) }, shape: [24], name: "I32")
        try writer.writeImage((0..<24).map { Int64($0) << 40 }, shape: [2, 12], name: "I64")
        try writer.writeImage((0..<24).map { Float($0) * 0.25 }, shape: [4, 3, 2], name: "F32")
        try writer.writeImage((0..<24).map { Double($0) / 3 }, shape: [4, 3, 2], name: "F64",
                              header: [FITSCard("BUNIT", .string("m2 s")), FITSCard("CRVAL1", .double(83.63))])
        try writer.commit()

        let file = try FITSFile(path: path)
        #expect(file.hdus.map(\.name) == ["PRIMARY", "B8", "I16", "I32", "I64", "F32", "F64"])
        #expect(try file.image(named: "B8", as: UInt8.self).data == (0..<24).map { UInt8($0) })
        #expect(try file.image(named: "I16", as: Int16.self).data == (0..<24).map { Int16($0 - 12) })
        #expect(try file.image(named: "I32", as: Int32.self).shape == [24])
        #expect(try file.image(named: "I64", as: Int64.self).data[23] == Int64(23) << 40)
        let f32 = try file.image(named: "F32", as: Double.self)
        #expect(f32.shape == [4, 3, 2])
        #expect(f32.data[5] == 1.25)
        let f64 = try file.image(named: "F64", as: Double.self)
        #expect(f64.data[7] == 7.0 / 3)
        let header = try file.hdu(named: "F64").header
        #expect(header.string("BUNIT") == "m2 s")
        #expect(header.double("CRVAL1") == 83.63)
        #expect(header.int("BITPIX") == -64)
    }

    @Test func tablesOfEveryDL3TFORMReadBack() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("table.fits")
        let rows = 5
        let writer = try FITSWriter(path: path)
        try writer.writeTable(name: "EVENTS", columns: [
            FITSColumn("FLAG", .bool([true, false, true, true, false])),
            FITSColumn("TEL", .uint8([1, 2, 3, 4, 255])),
            FITSColumn("MULT", .int16([-2, -1, 0, 1, 2])),
            FITSColumn("EVENT_ID", .int32([10, 20, 30, 40, Int32.max])),
            FITSColumn("BIG", .int64([1 << 50, 2, 3, 4, -5])),
            FITSColumn("ENERGY", .float([0.5, 1, 2, 4, 8]), unit: "TeV"),
            FITSColumn("TIME", .double([1e8, 1e8 + 0.125, 1e8 + 1, 1e8 + 2, 1e8 + 3]), unit: "s"),
            FITSColumn("NAME", .string(["a", "bb", "ccc", "", "eeeee"])),
            FITSColumn("MATRIX", .double((0..<(rows * 6)).map(Double.init)), repeatCount: 6, dimensions: [3, 2]),
        ], rowCount: rows, header: [FITSCard("HDUCLAS1", .string("EVENTS")), FITSCard("MJDREFI", .int(51910))])
        try writer.commit()

        let table = try FITSFile(path: path).table("EVENTS")
        #expect(table.rowCount == rows)
        #expect(try table.logicalColumn("FLAG") == [true, false, true, true, false])
        #expect(try table.column("TEL", as: UInt8.self) == [1, 2, 3, 4, 255])
        #expect(try table.column("MULT", as: Double.self) == [-2, -1, 0, 1, 2])
        #expect(try table.column("EVENT_ID", as: Int64.self).last == Int64(Int32.max))
        #expect(try table.column("BIG", as: Int64.self).first == 1 << 50)
        #expect(try table.column("energy", as: Double.self) == [0.5, 1, 2, 4, 8])
        #expect(try table.column("TIME", as: Double.self)[1] == 1e8 + 0.125)
        #expect(try table.stringColumn("NAME") == ["a", "bb", "ccc", "", "eeeee"])
        let matrix = try #require(table.columnInfo("MATRIX"))
        #expect(matrix.dimensions == [3, 2])
        #expect(matrix.repeatCount == 6)
        #expect(try table.column("MATRIX", as: Double.self)[13] == 13)
        #expect(table.columnInfo("ENERGY")?.unit == "TeV")
        #expect(table.header.int("MJDREFI") == 51910)
    }

    @Test func scaledColumnsApplyTSCALAndTZERO() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("scaled.fits")
        let writer = try FITSWriter(path: path)
        try writer.writeTable(name: "T", columns: [FITSColumn("V", .int16([0, 1, 2, -4]))], rowCount: 4,
                              header: [FITSCard("TSCAL1", .double(0.5)), FITSCard("TZERO1", .double(10))])
        try writer.commit()
        #expect(try FITSFile(path: path).table("T").column("V", as: Double.self) == [10, 10.5, 11, 8])
    }

    @Test func gzipFilesReadLikePlainOnes() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("plain.fits")
        let writer = try FITSWriter(path: path)
        try writer.writeImage((0..<10_000).map { Float($0) }, shape: [100, 100], name: "DATA")
        try writer.commit()
        let gz = try gzipFile(path)
        let plain = try FITSFile(path: path).image(named: "DATA", as: Float.self)
        let inflated = try FITSFile(path: gz).image(named: "DATA", as: Float.self)
        #expect(plain.data == inflated.data)
        #expect(inflated.data[9_999] == 9_999)
    }

    /// One member is inflated in one call; two concatenated members (gzip allows it; the
    /// trailer then gives only the last one's size) and zero padding after a member take the
    /// step-by-step path: all read the same image.
    @Test func gzipMembersAndPaddingReadLikeOneMember() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("whole.fits")
        let writer = try FITSWriter(path: path)
        try writer.writeImage((0..<10_000).map { Float($0) * 0.5 }, shape: [100, 100], name: "DATA")
        try writer.commit()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let half = 2880 * (bytes.count / 2880 / 2)
        try bytes.prefix(half).write(to: URL(fileURLWithPath: dir.file("a.fits")))
        try bytes.dropFirst(half).write(to: URL(fileURLWithPath: dir.file("b.fits")))
        let members = try Data(contentsOf: URL(fileURLWithPath: gzipFile(dir.file("a.fits"))))
            + Data(contentsOf: URL(fileURLWithPath: gzipFile(dir.file("b.fits"))))
        try members.write(to: URL(fileURLWithPath: dir.file("members.fits.gz")))
        let padded = try Data(contentsOf: URL(fileURLWithPath: gzipFile(path))) + Data(count: 512)
        try padded.write(to: URL(fileURLWithPath: dir.file("padded.fits.gz")))
        let expected = try FITSFile(path: path).image(named: "DATA", as: Float.self).data
        #expect(expected[9_999] == 4_999.5)
        for name in ["whole.fits.gz", "members.fits.gz", "padded.fits.gz"] {
            #expect(try FITSFile(path: dir.file(name)).image(named: "DATA", as: Float.self).data == expected, "\(name)")
        }
    }

    @Test func doubleHeaderValuesKeepFullPrecision() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("keys.fits")
        let values = [83.63, 0.1 + 0.2, 1e-30, -2.5e300, 125.5, 3.0, 51910.00074287037]
        let writer = try FITSWriter(path: path)
        try writer.writeImage([Float](), shape: [],
                              header: values.enumerated().map { FITSCard("VAL\($0.offset)", .double($0.element), comment: "a value") }
                                  + [FITSCard("LONGSTR", .string(String(repeating: "x", count: 100))), FITSCard("FLAG", .bool(true))])
        try writer.commit()
        let header = try FITSFile(path: path).hdu(at: 0).header
        for (i, v) in values.enumerated() { #expect(header.double("VAL\(i)") == v) }
        #expect(header.bool("FLAG") == true)
        #expect(header.comment("VAL0") == "a value")
    }
}
