import Foundation
import Testing
@testable import FITSIO
import TestSupport

/// Variable-length array columns (TFORM `P`), as OGIP response matrices hold MATRIX, F_CHAN and
/// N_CHAN: written per row to the heap, read back row by row, and refused where a fixed-size
/// column is asked for.
@Suite struct FITSVariableLengthTests {
    @Test func rowsOfEveryLengthReadBack() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("vla.fits")
        let matrix: [[Float]] = [[], [0.5], [0.25, 0.5, 0.25], [1, 2, 3, 4, 5, 6, 7]]
        let first: [[Int16]] = [[], [3], [1], [0, 9]]
        let writer = try FITSWriter(path: path)
        try writer.writeTable(name: "MATRIX", columns: [
            FITSColumn("ENERG_LO", .float([1, 2, 3, 4])),
            FITSColumn("F_CHAN", .variableInt16(first)),
            FITSColumn("MATRIX", .variableFloat(matrix)),
            FITSColumn("D", .variableDouble([[1e-300], [], [2.5], [-1, 1]])),
            FITSColumn("J", .variableInt32([[1], [2, 3], [], [Int32.max]])),
        ], rowCount: 4)
        try writer.commit()
        let table = try FITSFile(path: path).table("MATRIX")
        #expect(table.columnInfo("MATRIX")?.typeCode == "P" && table.columnInfo("MATRIX")?.variableType == "E")
        #expect(try table.variableLengthColumn("MATRIX", as: Float.self) == matrix)
        #expect(try table.variableLengthColumn("F_CHAN", as: Int16.self) == first)
        #expect(try table.variableLengthColumn("D", as: Double.self) == [[1e-300], [], [2.5], [-1, 1]])
        #expect(try table.variableLengthColumn("J", as: Int64.self) == [[1], [2, 3], [], [Int64(Int32.max)]])
        // converted on reading, as fixed columns are
        #expect(try table.variableLengthColumn("MATRIX", as: Double.self)[2] == [0.25, 0.5, 0.25])
        #expect(try table.column("ENERG_LO", as: Double.self) == [1, 2, 3, 4])
        #expect(throws: FITSError.self) { try table.column("MATRIX", as: Float.self) }
        #expect(throws: FITSError.self) { try table.variableLengthColumn("ENERG_LO", as: Float.self) }
    }

    @Test func tformParsing() {
        #expect(FITSTable.parseTFORM("PE(11)")! == (1, "P", "E"))
        #expect(FITSTable.parseTFORM("1PI(1)")! == (1, "P", "I"))
        #expect(FITSTable.parseTFORM("QD(5)")! == (1, "Q", "D"))
        #expect(FITSTable.parseTFORM("2PE(3)") == nil)
        #expect(FITSTable.parseTFORM("P") == nil)
        #expect(FITSTable.parseTFORM("31E")! == (31, "E", nil))
    }
}
