import CFITSIO

/// A column of a binary table as its header describes it.
public struct FITSColumnInfo: Sendable {
    /// One-based column number.
    public var number: Int
    public var name: String
    /// The TFORM data-type letter (L, X, B, I, J, K, A, E, D, C, M, P, Q).
    public var typeCode: Character
    /// Elements per cell (for `A`, the string width).
    public var repeatCount: Int
    /// TDIM in FITS order (fastest axis first); `[repeatCount]` when absent.
    public var dimensions: [Int]
    /// TUNIT, empty when absent.
    public var unit: String
    /// For a variable-length column (`P`, `Q`), the element type letter (`E` in `PE(11)`).
    public var variableType: Character? = nil
}

/// A binary-table HDU: its header, row count and columns. Reading a column reads every row.
public struct FITSTable: Sendable {
    public let file: FITSFile
    public let hdu: FITSHDU
    public let rowCount: Int
    public let columns: [FITSColumnInfo]

    public var header: FITSHeader { hdu.header }
    public var name: String { hdu.name }

    init(file: FITSFile, hdu: FITSHDU) throws {
        guard hdu.kind == .binaryTable else {
            throw FITSError(.invalidColumn, file: file.path, hdu: hdu.name, message: "HDU is not a binary table")
        }
        self.file = file
        self.hdu = hdu
        let header = hdu.header
        rowCount = try header.requireInt("NAXIS2")
        let fields = try header.requireInt("TFIELDS")
        guard rowCount >= 0, (0...999).contains(fields) else {
            throw FITSError(.invalidKeyword, file: file.path, hdu: hdu.name, key: "NAXIS2",
                            message: "invalid table size (\(rowCount) rows, \(fields) fields)")
        }
        var columns: [FITSColumnInfo] = []
        for n in 1...max(fields, 1) where n <= fields {
            let tform = try header.requireString("TFORM\(n)").trimmingSpaces()
            guard let parsed = Self.parseTFORM(tform) else {
                throw FITSError(.invalidKeyword, file: file.path, hdu: hdu.name, key: "TFORM\(n)",
                                message: "cannot parse TFORM '\(tform)'")
            }
            let name = header.string("TTYPE\(n)")?.trimmingSpaces() ?? "COL\(n)"
            let dims = header.string("TDIM\(n)").flatMap(Self.parseTDIM) ?? [parsed.repeatCount]
            columns.append(FITSColumnInfo(number: n, name: name, typeCode: parsed.code, repeatCount: parsed.repeatCount,
                                          dimensions: dims, unit: header.string("TUNIT\(n)")?.trimmingSpaces() ?? "",
                                          variableType: parsed.variableType))
        }
        self.columns = columns
    }

    /// The column of this name (case-insensitive, as FITS matches TTYPE), or nil.
    public func columnInfo(_ name: String) -> FITSColumnInfo? {
        let wanted = name.uppercased()
        return columns.first { $0.name.uppercased() == wanted }
    }

    public func hasColumn(_ name: String) -> Bool { columnInfo(name) != nil }

    /// A column's info, or an error naming the file, HDU and column.
    public func requireColumn(_ name: String) throws -> FITSColumnInfo {
        guard let info = columnInfo(name) else {
            throw FITSError(.missingColumn, file: file.path, hdu: hdu.name, column: name,
                            message: "column is missing; the table has: \(columns.map(\.name).joined(separator: ", "))")
        }
        return info
    }

    /// Every cell of a numeric column, row after row, converted to `T` (TSCAL/TZERO applied).
    /// Vector cells are flattened: `rowCount × repeatCount` values, each cell in FITS order.
    // Specialised for every element type: unspecialised generic code across the module boundary
    // copies elements one by one through value witnesses (measured: 7% of a whole load).
    @_specialize(exported: true, where T == Double)
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Int64)
    @_specialize(exported: true, where T == Int32)
    @_specialize(exported: true, where T == Int16)
    @_specialize(exported: true, where T == UInt8)
    public func column<T: FITSElement>(_ name: String, as type: T.Type = T.self) throws -> [T] {
        let info = try requireColumn(name)
        guard "BIJKED".contains(info.typeCode) else {
            throw FITSError(.invalidColumn, file: file.path, hdu: hdu.name, column: info.name,
                            message: "column of type '\(info.typeCode)' is not numeric")
        }
        let count = try elementCount(info)
        var values = [T](repeating: 0, count: count)
        if count == 0 { return values }
        try file.withHDU(hdu) { fptr throws in
            try values.withUnsafeMutableBytes { out throws in
                try CFITSIOStatus.check(file: file.path, hdu: hdu.name, column: info.name, doing: "reading the column") {
                    var anyNull: Int32 = 0
                    ffgcv(fptr, T.fitsDataType, Int32(info.number), 1, 1, Int64(count), nil, out.baseAddress, &anyNull, &$0)
                }
            }
        }
        return values
    }

    /// A logical (`L`) column.
    public func logicalColumn(_ name: String) throws -> [Bool] {
        let info = try requireColumn(name)
        guard info.typeCode == "L" else {
            throw FITSError(.invalidColumn, file: file.path, hdu: hdu.name, column: info.name,
                            message: "column of type '\(info.typeCode)' is not logical")
        }
        let count = try elementCount(info)
        var flags = [CChar](repeating: 0, count: count)
        if count == 0 { return [] }
        try file.withHDU(hdu) { fptr throws in
            try CFITSIOStatus.check(file: file.path, hdu: hdu.name, column: info.name, doing: "reading the column") {
                var anyNull: Int32 = 0
                ffgcv(fptr, TLOGICAL, Int32(info.number), 1, 1, Int64(count), nil, &flags, &anyNull, &$0)
            }
        }
        return flags.map { $0 != 0 }
    }

    /// A character (`A`) column, one string per row with trailing blanks removed.
    public func stringColumn(_ name: String) throws -> [String] {
        let info = try requireStringColumn(name)
        return try strings(info, count: rowCount, width: max(info.repeatCount, 1))
    }

    /// The column `name`, which must be a character (`A`) column.
    func requireStringColumn(_ name: String) throws -> FITSColumnInfo {
        let info = try requireColumn(name)
        guard info.typeCode == "A" else {
            throw FITSError(.invalidColumn, file: file.path, hdu: hdu.name, column: info.name,
                            message: "column of type '\(info.typeCode)' is not a string column")
        }
        return info
    }

    /// The first `count` strings of `width` characters of a character column, in file order,
    /// trailing blanks removed.
    func strings(_ info: FITSColumnInfo, count: Int, width: Int) throws -> [String] {
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
        return (0..<count).map { k in
            decodeCString(Array(storage[(k * (width + 1))..<((k + 1) * (width + 1))])).trimmingTrailingSpaces()
        }
    }

    private func elementCount(_ info: FITSColumnInfo) throws -> Int {
        let (count, overflow) = rowCount.multipliedReportingOverflow(by: info.repeatCount)
        guard !overflow, count <= file.elementLimit else {
            throw FITSError(.invalidColumn, file: file.path, hdu: hdu.name, column: info.name,
                            message: "the header announces more data than the file holds")
        }
        return count
    }

    /// Parses TFORM `rT` (repeat, type letter), and the variable-length `rPT(max)` / `rQT(max)`
    /// (their element type `T` in `variableType`).
    static func parseTFORM(_ tform: String) -> (repeatCount: Int, code: Character, variableType: Character?)? {
        let digits = tform.prefix { $0.isNumber }
        let rest = tform.dropFirst(digits.count)
        guard let code = rest.first, "LXBIJKAEDCMPQ".contains(code) else { return nil }
        let count = digits.isEmpty ? 1 : Int(digits)
        guard let count, count >= 0 else { return nil }
        guard code == "P" || code == "Q" else { return (count, code, nil) }
        guard count <= 1, let element = rest.dropFirst().first, "LXBIJKAEDCM".contains(element) else { return nil }
        return (count, code, element)
    }

    /// Parses TDIM `(a,b,...)`.
    static func parseTDIM(_ tdim: String) -> [Int]? {
        let inner = tdim.trimmingSpaces().dropFirst().dropLast()
        let dims = inner.split(separator: ",").map { Int($0.trimmingCharacters(in: " ")) }
        guard !dims.isEmpty, dims.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        return dims.map { $0! }
    }
}

extension FITSFile {
    /// The binary table with this EXTNAME.
    public func table(_ name: String) throws -> FITSTable {
        try FITSTable(file: self, hdu: hdu(named: name))
    }

    /// The binary table at a zero-based HDU position.
    public func table(at index: Int) throws -> FITSTable {
        try FITSTable(file: self, hdu: hdu(at: index))
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}
