extension FITSTable {
    /// Every string of a character (`A`) column whose cells hold several strings, row after row:
    /// with TDIM `(w, n)` each cell is `n` strings of `w` characters (how astropy writes a vector of
    /// strings, e.g. the stacked META_TABLE of a Gammapy dataset); trailing blanks removed. A scalar
    /// string column gives one string per row, as `stringColumn`.
    public func stringCells(_ name: String) throws -> [[String]] {
        let info = try requireStringColumn(name)
        guard info.dimensions.count > 1, info.dimensions[0] > 0 else { return try stringColumn(name).map { [$0] } }
        let width = info.dimensions[0]
        let perRow = Swift.max(info.repeatCount / width, 1)
        let values = try strings(info, count: rowCount * perRow, width: width)
        return (0..<rowCount).map { Array(values[($0 * perRow)..<(($0 + 1) * perRow)]) }
    }
}
