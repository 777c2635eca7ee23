import CFuzzerDriver
import Glibc
import DL3
import FITSIO

/// Opens arbitrary bytes as a DL3 file through FITSIO and DL3 and reads everything a reduction
/// would read. Any error is fine; a crash, a hang or a sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? FITSFile(bytes: bytes, name: "fuzz-input.fits") else { return 0 }
    for hdu in file.hdus {
        switch hdu.kind {
        case .image:
            _ = try? file.image(hdu, as: Double.self)
        case .binaryTable:
            guard let table = try? file.table(at: hdu.index) else { continue }
            readEveryColumn(table)
            _ = try? EventList(table: table)
            _ = try? GTI(table: table)
            _ = try? ObservationMetadata(header: hdu.header)
            FuzzIRF.load(table)
        case .asciiTable:
            continue
        }
    }
    return 0
}

func readEveryColumn(_ table: FITSTable) {
    for column in table.columns {
        switch column.typeCode {
        case "A": _ = try? table.stringColumn(column.name)
        case "L": _ = try? table.logicalColumn(column.name)
        default: _ = try? table.column(column.name, as: Double.self)
        }
    }
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOneInput($0, $1) })
