import CFITSIO

extension FITSTable {
    /// The cells of a variable-length array column (TFORM `PE(max)`, `QD(max)`, …, as OGIP
    /// response matrices store MATRIX, F_CHAN and N_CHAN): one array per row, read from the heap
    /// and converted to `T` (TSCAL/TZERO applied).
    @_specialize(exported: true, where T == Double)
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Int32)
    @_specialize(exported: true, where T == Int16)
    public func variableLengthColumn<T: FITSElement>(_ name: String, as type: T.Type = T.self) throws -> [[T]] {
        let info = try requireColumn(name)
        guard let element = info.variableType, "BIJKED".contains(element) else {
            throw FITSError(.invalidColumn, file: file.path, hdu: hdu.name, column: info.name,
                            message: "column of type '\(info.typeCode)\(info.variableType.map(String.init) ?? "")' is not a numeric variable-length array")
        }
        var rows: [[T]] = []
        rows.reserveCapacity(rowCount)
        try file.withHDU(hdu) { fptr throws in
            for row in 1...max(rowCount, 1) where row <= rowCount {
                var length: Int64 = 0, offset: Int64 = 0
                try CFITSIOStatus.check(file: file.path, hdu: hdu.name, column: info.name, doing: "reading the array descriptor of row \(row)") {
                    ffgdesll(fptr, Int32(info.number), Int64(row), &length, &offset, &$0)
                }
                guard length >= 0, length <= Int64(file.elementLimit) else {
                    throw FITSError(.invalidColumn, file: file.path, hdu: hdu.name, column: info.name,
                                    message: "row \(row) announces \(length) values, more than the file holds")
                }
                var values = [T](repeating: 0, count: Int(length))
                if length > 0 {
                    try values.withUnsafeMutableBytes { out throws in
                        try CFITSIOStatus.check(file: file.path, hdu: hdu.name, column: info.name, doing: "reading row \(row)") {
                            var anyNull: Int32 = 0
                            ffgcv(fptr, T.fitsDataType, Int32(info.number), Int64(row), 1, length, nil, out.baseAddress, &anyNull, &$0)
                        }
                    }
                }
                rows.append(values)
            }
        }
        return rows
    }
}
