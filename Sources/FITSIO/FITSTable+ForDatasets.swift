import CFITSIO

extension FITSTable {
    /// Every string of a character (`A`) column whose cells hold several strings, row after row:
    /// with TDIM `(w, n)` each cell is `n` strings of `w` characters (how astropy writes a vector of
    /// strings, e.g. the stacked META_TABLE of a Gammapy dataset); trailing blanks removed. A scalar
    /// string column gives one string per row, as `stringColumn`.
    public func stringCells(_ name: String) throws -> [[String]] {
        let info = try requireColumn(name)
        guard info.typeCode == "A" else {
            throw FITSError(.invalidColumn, file: file.path, hdu: hdu.name, column: info.name,
                            message: "column of type '\(info.typeCode)' is not a string column")
        }
        guard info.dimensions.count > 1, info.dimensions[0] > 0 else { return try stringColumn(name).map { [$0] } }
        let width = info.dimensions[0]
        let perRow = Swift.max(info.repeatCount / width, 1)
        let count = rowCount * perRow
        if count == 0 { return [] }
        guard count <= file.elementLimit / width else {
            throw FITSError(.invalidColumn, file: file.path, hdu: hdu.name, column: info.name,
                            message: "the header announces more data than the file holds")
        }
        var storage = [CChar](repeating: 0, count: count * (width + 1))
        try file.withHDU(hdu) { fptr throws in
            try storage.withUnsafeMutableBufferPointer { buffer throws in
                var strings: [UnsafeMutablePointer<CChar>?] = (0..<count).map { buffer.baseAddress! + $0 * (width + 1) }
                try CFITSIOStatus.check(file: file.path, hdu: hdu.name, column: info.name, doing: "reading the column") {
                    var anyNull: Int32 = 0
                    ffgcvs(fptr, Int32(info.number), 1, 1, Int64(count), nil, &strings, &anyNull, &$0)
                }
            }
        }
        let values = (0..<count).map { k in
            decodeCString(Array(storage[(k * (width + 1))..<((k + 1) * (width + 1))])).trimmingTrailingSpaces()
        }
        return (0..<rowCount).map { Array(values[($0 * perRow)..<(($0 + 1) * perRow)]) }
    }
}
